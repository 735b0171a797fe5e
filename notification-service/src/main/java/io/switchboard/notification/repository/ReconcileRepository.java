package io.switchboard.notification.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters as maintained and as recomputed from conversation_states; in the caller's transaction (on its
 * connection).
 */
@ApplicationScoped
public class ReconcileRepository {

    public record Pair(long unread, long openActivities) {
    }

    private static final String ENSURE_TENANT = "INSERT INTO tenant_counters (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING";
    private static final String LOCK_TENANT = "SELECT unassigned FROM tenant_counters WHERE tenant_id = $1 FOR UPDATE";
    private static final String LOCK_AGENTS = """
            SELECT agent_id, unread, open_activities FROM agent_counters WHERE tenant_id = $1 ORDER BY agent_id FOR UPDATE""";
    private static final String RECOUNT_AGENTS = """
            SELECT assignee_id, count(*) FILTER (WHERE unread), count(*) FILTER (WHERE activity_open)
              FROM conversation_states WHERE tenant_id = $1 AND assignee_id IS NOT NULL GROUP BY assignee_id""";
    private static final String RECOUNT_QUEUE = """
            SELECT count(*) FROM conversation_states WHERE tenant_id = $1 AND assignee_id IS NULL AND status = 'OPEN'""";

    /** What one look at a tenant finds, with its counter rows locked until the caller's transaction ends. */
    public record Counted(long queue, Map<String, Pair> maintained, Map<String, Pair> recounted, long recountedQueue) {
    }

    /**
     * Locks the tenant row (from then until commit no counter of the tenant moves) and its agent rows, then counts
     * the states committed together with them. The five statements go out together; PostgreSQL runs them in order.
     */
    public Uni<Counted> lockAndCount(SqlConnection connection, String tenant) {
        Tuple t = Tuple.of(tenant);
        return Uni.combine().all().unis(connection.preparedQuery(ENSURE_TENANT).execute(t),
                        connection.preparedQuery(LOCK_TENANT).execute(t), connection.preparedQuery(LOCK_AGENTS).execute(t),
                        connection.preparedQuery(RECOUNT_AGENTS).execute(t), connection.preparedQuery(RECOUNT_QUEUE).execute(t))
                .with((ensured, queue, maintained, recounted, recountedQueue) -> new Counted(queue.iterator().next().getLong(0),
                        pairs(maintained), pairs(recounted), recountedQueue.iterator().next().getLong(0)));
    }

    private static Map<String, Pair> pairs(RowSet<Row> rows) {
        Map<String, Pair> out = new TreeMap<>();
        for (Row r : rows) {
            out.put(r.getString(0), new Pair(r.getLong(1), r.getLong(2)));
        }
        return out;
    }
}
