package io.switchboard.notification.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * notifications (mentions), always for one tenant and agent; plain statements on the caller's connection (in its
 * transaction) or on the pool.
 */
@ApplicationScoped
public class NotificationRepository {

    public record NotificationRow(UUID id, String kind, String customerId, String commentId, String excerpt,
            String actorKind, String actorId, OffsetDateTime createdAt, OffsetDateTime readAt) {
    }

    private static final String INSERT = """
            INSERT INTO notifications (id, tenant_id, agent_id, kind, customer_id, comment_id, excerpt, actor_kind,
                                       actor_id, event_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (event_id, agent_id) DO NOTHING""";
    private static final String COLUMNS = "id, kind, customer_id, comment_id, excerpt, actor_kind, actor_id, created_at, read_at";
    private static final String FIND = "SELECT " + COLUMNS + " FROM notifications WHERE id = $1 AND tenant_id = $2 AND agent_id = $3";
    private static final String LIST = "SELECT " + COLUMNS + " " + """
             FROM notifications WHERE tenant_id = $1 AND agent_id = $2 AND ($3 = false OR read_at IS NULL)
             ORDER BY created_at DESC, id LIMIT $4""";
    private static final String UNREAD = "SELECT count(*) FROM notifications WHERE tenant_id = $1 AND agent_id = $2 AND read_at IS NULL";
    private static final String MARK_READ = """
            UPDATE notifications SET read_at = coalesce(read_at, now())
             WHERE id = $1 AND tenant_id = $2 AND agent_id = $3""";

    /** @return true when stored now, false when this event already produced the agent's notification */
    public Uni<Boolean> insert(SqlClient client, UUID id, String tenant, String agent, String kind, String customerId,
            String commentId, String excerpt, String actorKind, String actorId, UUID eventId) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[] {id, tenant, agent, kind, customerId, commentId, excerpt, actorKind, actorId, eventId}))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<NotificationRow> find(SqlClient client, String tenant, String agent, UUID id) {
        return client.preparedQuery(FIND).execute(Tuple.of(id, tenant, agent))
                .map(rows -> rows.size() == 0 ? null : row(rows.iterator().next()));
    }

    public Uni<List<NotificationRow>> list(SqlClient client, String tenant, String agent, boolean unreadOnly, int limit) {
        return client.preparedQuery(LIST).execute(Tuple.of(tenant, agent, unreadOnly, (long) limit)).map(rows -> {
            List<NotificationRow> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(row(r)));
            return out;
        });
    }

    public Uni<Long> unread(SqlClient client, String tenant, String agent) {
        return client.preparedQuery(UNREAD).execute(Tuple.of(tenant, agent)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** @return false when the caller has no such notification */
    public Uni<Boolean> markRead(SqlClient client, String tenant, String agent, UUID id) {
        return client.preparedQuery(MARK_READ).execute(Tuple.of(id, tenant, agent)).map(rows -> rows.rowCount() == 1);
    }

    private static NotificationRow row(Row r) {
        return new NotificationRow(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6), r.getOffsetDateTime(7), r.getOffsetDateTime(8));
    }
}
