package io.switchboard.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** notifications (mentions); methods run in the caller's session/transaction, always for one tenant and agent. */
@ApplicationScoped
public class NotificationRepository {

    public record NotificationRow(UUID id, String kind, String customerId, String commentId, String excerpt,
            String actorKind, String actorId, OffsetDateTime createdAt, OffsetDateTime readAt) {
    }

    private static final String INSERT = """
            INSERT INTO notifications (id, tenant_id, agent_id, kind, customer_id, comment_id, excerpt, actor_kind,
                                       actor_id, event_id)
            VALUES (:id, :tenant, :agent, :kind, :customer, :comment, :excerpt, :actorKind, :actorId, :event)
            ON CONFLICT (event_id, agent_id) DO NOTHING""";
    private static final String COLUMNS = "id, kind, customer_id, comment_id, excerpt, actor_kind, actor_id, created_at, read_at";
    private static final String FIND = "SELECT " + COLUMNS + " FROM notifications WHERE id = :id AND tenant_id = :tenant AND agent_id = :agent";
    private static final String LIST = "SELECT " + COLUMNS + " " + """
             FROM notifications WHERE tenant_id = :tenant AND agent_id = :agent AND (:unreadOnly = false OR read_at IS NULL)
             ORDER BY created_at DESC, id LIMIT :limit""";
    private static final String UNREAD = "SELECT count(*) FROM notifications WHERE tenant_id = :tenant AND agent_id = :agent AND read_at IS NULL";
    private static final String MARK_READ = """
            UPDATE notifications SET read_at = coalesce(read_at, now())
             WHERE id = :id AND tenant_id = :tenant AND agent_id = :agent""";

    /** @return true when stored now, false when this event already produced the agent's notification */
    public Uni<Boolean> insert(UUID id, String tenant, String agent, String kind, String customerId, String commentId,
            String excerpt, String actorKind, String actorId, UUID eventId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(INSERT)
                .setParameter("id", id).setParameter("tenant", tenant).setParameter("agent", agent)
                .setParameter("kind", kind).setParameter("customer", customerId).setParameter("comment", commentId)
                .setParameter("excerpt", excerpt).setParameter("actorKind", actorKind).setParameter("actorId", actorId)
                .setParameter("event", eventId).executeUpdate()).map(n -> n == 1);
    }

    public Uni<NotificationRow> find(String tenant, String agent, UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(FIND, Object[].class)
                .setParameter("id", id).setParameter("tenant", tenant).setParameter("agent", agent).getSingleResultOrNull())
                .map(r -> r == null ? null : row(r));
    }

    public Uni<List<NotificationRow>> list(String tenant, String agent, boolean unreadOnly, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery(LIST, Object[].class)
                .setParameter("tenant", tenant).setParameter("agent", agent).setParameter("unreadOnly", unreadOnly)
                .setParameter("limit", limit).getResultList()).map(rows -> {
                    List<NotificationRow> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(row(r)));
                    return out;
                });
    }

    public Uni<Long> unread(String tenant, String agent) {
        return Panache.getSession().chain(s -> s.createNativeQuery(UNREAD, Long.class)
                .setParameter("tenant", tenant).setParameter("agent", agent).getSingleResult());
    }

    /** @return false when the caller has no such notification */
    public Uni<Boolean> markRead(String tenant, String agent, UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(MARK_READ)
                .setParameter("id", id).setParameter("tenant", tenant).setParameter("agent", agent).executeUpdate())
                .map(n -> n == 1);
    }

    private static NotificationRow row(Object[] r) {
        return new NotificationRow((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5],
                (String) r[6], AgentRepository.toOffset(r[7]), AgentRepository.toOffset(r[8]));
    }
}
