package io.switchboard.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.notification.domain.ConversationState;
import jakarta.enterprise.context.ApplicationScoped;

/** conversation_states; every method runs inside the caller's transaction. */
@ApplicationScoped
public class ConversationStateRepository {

    /** A locked row: the stored state and the sequence of the event that produced it. */
    public record Locked(ConversationState state, long lastSequence) {
    }

    private static final String ENSURE = """
            INSERT INTO conversation_states (tenant_id, conversation_id) VALUES (:tenant, :id)
            ON CONFLICT DO NOTHING""";
    private static final String LOCK = """
            SELECT status, assignee_id, unread, activity_open, last_sequence FROM conversation_states
             WHERE tenant_id = :tenant AND conversation_id = :id FOR UPDATE""";
    private static final String UPDATE = """
            UPDATE conversation_states SET customer_id = coalesce(:customer, customer_id), assignee_id = :assignee,
                   status = :status, unread = :unread, activity_open = :activity, last_sequence = :sequence,
                   updated_at = now()
             WHERE tenant_id = :tenant AND conversation_id = :id""";

    /**
     * Locks the conversation's row (creating an empty one first), so events of one conversation apply one
     * after another even when two consumers overlap during a rebalance.
     */
    public Uni<Locked> lock(String tenant, String conversationId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(LOCK, Object[].class)
                .setParameter("tenant", tenant).setParameter("id", conversationId).getSingleResultOrNull()
                .chain(found -> found != null ? Uni.createFrom().item(found)
                        : s.createNativeQuery(ENSURE).setParameter("tenant", tenant).setParameter("id", conversationId)
                                .executeUpdate()
                                .chain(() -> s.createNativeQuery(LOCK, Object[].class)
                                        .setParameter("tenant", tenant).setParameter("id", conversationId).getSingleResult()))
                .map(r -> new Locked(new ConversationState((String) r[0], (String) r[1], (Boolean) r[2], (Boolean) r[3]),
                        ((Number) r[4]).longValue())));
    }

    public Uni<Void> update(String tenant, String conversationId, String customerId, ConversationState state, long sequence) {
        return Panache.getSession().chain(s -> s.createNativeQuery(UPDATE)
                .setParameter("tenant", tenant).setParameter("id", conversationId)
                .setParameter("customer", customerId).setParameter("assignee", state.assigneeId())
                .setParameter("status", state.status()).setParameter("unread", state.unread())
                .setParameter("activity", state.activityOpen()).setParameter("sequence", sequence)
                .executeUpdate()).replaceWithVoid();
    }
}
