package io.switchboard.notification.repository;

import io.smallrye.mutiny.Uni;
import io.switchboard.notification.domain.Counters;
import io.switchboard.notification.service.FrameLog;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads for the push path (snapshots, the change log): plain statements on the reactive pool, outside any
 * Hibernate session, because they run from socket and Kafka callbacks at high rates.
 */
@ApplicationScoped
public class ChangeLogReader {

    public record Snapshot(long sequence, Counters counters) {
    }

    public record LoggedFrame(long sequence, String text) {
    }

    /** The agent's current sequence and the oldest frame the log still keeps (null when none). */
    public record ResumePoint(long current, Long oldestKept) {
    }

    // One statement: the agent's sequence and the tenant's queue are read from the same committed state.
    private static final String SNAPSHOT = """
            SELECT c.sequence, c.unread, c.open_activities, coalesce(t.unassigned, 0) AS unassigned
              FROM agent_counters c LEFT JOIN tenant_counters t ON t.tenant_id = c.tenant_id
             WHERE c.tenant_id = $1 AND c.agent_id = $2""";
    private static final String TENANT_QUEUE = "SELECT unassigned FROM tenant_counters WHERE tenant_id = $1";
    private static final String FRAMES_AFTER = """
            SELECT sequence, frame FROM agent_counter_changes
             WHERE tenant_id = $1 AND agent_id = $2 AND sequence > $3 ORDER BY sequence LIMIT $4""";
    private static final String RESUME_POINT = """
            SELECT coalesce((SELECT sequence FROM agent_counters WHERE tenant_id = $1 AND agent_id = $2), 0) AS current,
                   (SELECT min(sequence) FROM agent_counter_changes WHERE tenant_id = $1 AND agent_id = $2) AS oldest""";
    // Joined on the primary key: a concatenated key would scan every agent of every tenant on each sweep.
    private static final String SEQUENCES = """
            SELECT c.tenant_id, c.agent_id, c.sequence
              FROM unnest($1::text[], $2::text[]) AS k(tenant_id, agent_id)
              JOIN agent_counters c ON c.tenant_id = k.tenant_id AND c.agent_id = k.agent_id""";

    /** A customer's conversations as the counters see them (per tenant, by customer). */
    public record CustomerAttention(long unread, long openActivities, long conversations) {
    }

    private static final String CUSTOMER_ATTENTION = """
            SELECT customer_id, count(*) FILTER (WHERE unread) AS unread,
                   count(*) FILTER (WHERE activity_open) AS active, count(*) AS conversations
              FROM conversation_states
             WHERE tenant_id = $1 AND customer_id = ANY($2) AND status <> 'NONE'
             GROUP BY customer_id""";

    private final Pool pool;

    public ChangeLogReader(Pool pool) {
        this.pool = pool;
    }

    public Uni<Map<String, CustomerAttention>> customerAttention(String tenant, List<String> customerIds) {
        return pool.preparedQuery(CUSTOMER_ATTENTION).execute(Tuple.of(tenant, customerIds.toArray(new String[0])))
                .map(rows -> {
                    Map<String, CustomerAttention> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString("customer_id"), new CustomerAttention(r.getLong("unread"),
                                r.getLong("active"), r.getLong("conversations")));
                    }
                    return out;
                });
    }

    public Uni<Snapshot> snapshot(String tenant, String agentId) {
        return pool.preparedQuery(SNAPSHOT).execute(Tuple.of(tenant, agentId)).chain(rows -> {
            if (rows.size() > 0) {
                Row r = rows.iterator().next();
                return Uni.createFrom().item(new Snapshot(r.getLong("sequence"),
                        new Counters(r.getLong("unread"), r.getLong("open_activities"), r.getLong("unassigned"))));
            }
            // Not known yet (no frame ever): zeros and the tenant's queue, at sequence 0.
            return pool.preparedQuery(TENANT_QUEUE).execute(Tuple.of(tenant)).map(t -> new Snapshot(0,
                    new Counters(0, 0, t.size() == 0 ? 0 : t.iterator().next().getLong("unassigned"))));
        });
    }

    public Uni<List<LoggedFrame>> framesAfter(String tenant, String agentId, long after, int limit) {
        return pool.preparedQuery(FRAMES_AFTER).execute(Tuple.of(tenant, agentId, after, limit)).map(rows -> {
            List<LoggedFrame> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(new LoggedFrame(r.getLong("sequence"), r.getString("frame"))));
            return out;
        });
    }

    public Uni<ResumePoint> resumePoint(String tenant, String agentId) {
        return pool.preparedQuery(RESUME_POINT).execute(Tuple.of(tenant, agentId)).map(rows -> {
            Row r = rows.iterator().next();
            return new ResumePoint(r.getLong("current"), r.getLong("oldest"));
        });
    }

    /** Current sequences of the given agents ({@code tenants[i]}, {@code agents[i]}), keyed {@code tenant/agent}. */
    public Uni<Map<String, Long>> sequences(List<String> tenants, List<String> agents) {
        if (tenants.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(SEQUENCES).execute(Tuple.of(tenants.toArray(new String[0]), agents.toArray(new String[0])))
                .map(rows -> {
                    Map<String, Long> out = new HashMap<>();
                    rows.forEach(r -> out.put(FrameLog.key(r.getString("tenant_id"), r.getString("agent_id")), r.getLong("sequence")));
                    return out;
                });
    }
}
