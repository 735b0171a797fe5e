package io.switchboard.conversation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.config.ConversationConfig;
import io.switchboard.conversation.domain.Conversation;
import io.switchboard.conversation.domain.ConversationRules;
import io.switchboard.conversation.domain.EventBatch;
import io.switchboard.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Wakes snoozed chats whose time has come; rows claimed with SKIP LOCKED, so each wakes once across replicas. */
@ApplicationScoped
public class SnoozeWaker {

    private static final String CLAIM_DUE = """
            SELECT id FROM conversations WHERE status = 'SNOOZED' AND snoozed_until <= now()
             ORDER BY snoozed_until LIMIT :limit FOR UPDATE SKIP LOCKED""";

    private final AutoAssigner autoAssigner;
    private final Outbox outbox;
    private final ConversationConfig config;

    public SnoozeWaker(AutoAssigner autoAssigner, Outbox outbox, ConversationConfig config) {
        this.autoAssigner = autoAssigner;
        this.outbox = outbox;
        this.config = config;
    }

    public Uni<Integer> wakeDue() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery(CLAIM_DUE, UUID.class)
                        .setParameter("limit", config.scheduler().batchSize()).getResultList())
                .chain(ids -> wakeEach(ids, 0)));
    }

    private Uni<Integer> wakeEach(List<UUID> ids, int index) {
        if (index >= ids.size()) {
            return Uni.createFrom().item(index);
        }
        return Conversation.<Conversation>findById(ids.get(index)).chain(c -> {
            EventBatch events = new EventBatch();
            ConversationRules.wake(c, events);
            return autoAssigner.assignIfUnassigned(c, events).chain(() -> events.appendTo(outbox));
        }).chain(() -> wakeEach(ids, index + 1));
    }
}
