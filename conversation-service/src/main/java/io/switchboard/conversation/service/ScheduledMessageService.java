package io.switchboard.conversation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.ConversationEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.conversation.config.ConversationConfig;
import io.switchboard.conversation.domain.Conversation;
import io.switchboard.conversation.domain.ConversationRules;
import io.switchboard.conversation.domain.EventBatch;
import io.switchboard.conversation.domain.Message;
import io.switchboard.conversation.domain.ScheduledMessage;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.outbox.Outbox;
import io.switchboard.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.UUID;

/**
 * Scheduled messages are rows: every replica's poller claims one due row at a time with FOR UPDATE SKIP LOCKED
 * and, in the same transaction, writes the message, marks the row SENT and appends the events. A crash before
 * the commit leaves the row PENDING for the next pass; after it, the row is SENT. So each is sent exactly once,
 * across replicas and restarts. Lock order is always the scheduled row, then its conversation (cancel too).
 */
@ApplicationScoped
public class ScheduledMessageService {

    private static final String CLAIM_DUE = """
            SELECT id FROM scheduled_messages WHERE status = 'PENDING' AND send_at <= now()
             ORDER BY send_at LIMIT 1 FOR UPDATE SKIP LOCKED""";

    private final ConversationService conversations;
    private final Outbox outbox;
    private final ConversationConfig config;

    public ScheduledMessageService(ConversationService conversations, Outbox outbox, ConversationConfig config) {
        this.conversations = conversations;
        this.outbox = outbox;
        this.config = config;
    }

    /** A scheduled message, and whether it is the one an earlier request with the same Idempotency-Key made. */
    public record Scheduled(ScheduledMessage message, boolean repeat) {
    }

    /**
     * Schedules the message; a repeat of {@code key} in this conversation answers the original (whatever its state),
     * decided with the conversation locked, so concurrent repeats schedule it once.
     */
    public Uni<Scheduled> schedule(Caller caller, UUID conversationId, String text, Instant sendAt, String key) {
        Instant now = ConversationRules.now();
        return conversations.command(caller, conversationId, (c, events) -> existing(c.id, key).chain(original -> {
            if (original != null) {
                return Uni.createFrom().item(new Scheduled(original, true));
            }
            if (!sendAt.isAfter(now)) {
                return Uni.createFrom().failure(ProblemException.invalid("sendAt", "must be in the future"));
            }
            ScheduledMessage s = new ScheduledMessage();
            s.id = UUID.randomUUID();
            s.tenantId = c.tenantId;
            s.conversationId = c.id;
            s.text = text;
            s.sendAt = sendAt;
            s.status = ScheduledMessage.Status.PENDING;
            s.authorKind = caller.actor().kind();
            s.authorId = caller.actor().id();
            s.createdAt = now;
            s.idempotencyKey = key;
            events.add(c, EventType.CONVERSATION_SCHEDULED_MESSAGE_CREATED, new ConversationEvents.ScheduledMessageCreated(
                    c.idString(), c.customerIdString(), s.id.toString(), text, sendAt, c.state(), caller.actor()));
            return s.persist().replaceWith(new Scheduled(s, false));
        }));
    }

    private static Uni<ScheduledMessage> existing(UUID conversationId, String key) {
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return ScheduledMessage.<ScheduledMessage>find("conversationId = ?1 and idempotencyKey = ?2", conversationId, key)
                .firstResult();
    }

    /** Cancelling a cancelled one is a no-op; a sent one is 409. */
    public Uni<Void> cancel(Caller caller, UUID conversationId, UUID id) {
        return Panache.withTransaction(() -> ScheduledMessage.<ScheduledMessage>find(
                        "id = ?1 and conversationId = ?2 and tenantId = ?3", id, conversationId, caller.tenantId())
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("scheduled message " + id))
                .chain(s -> switch (s.status) {
                    case CANCELLED -> Uni.createFrom().voidItem();
                    case SENT -> Uni.createFrom().failure(ProblemException.conflict("the scheduled message was already sent"));
                    case PENDING -> ConversationService.lock(caller.tenantId(), conversationId).chain(c -> {
                        s.status = ScheduledMessage.Status.CANCELLED;
                        EventBatch events = new EventBatch();
                        events.add(c, EventType.CONVERSATION_SCHEDULED_MESSAGE_CANCELLED,
                                new ConversationEvents.ScheduledMessageCancelled(c.idString(), c.customerIdString(),
                                        s.id.toString(), c.state(), caller.actor()));
                        return events.appendTo(outbox);
                    });
                }));
    }

    /** One poller pass: sends due messages, one per transaction, up to the batch size. @return how many */
    public Uni<Integer> sendDue() {
        return sendDue(0);
    }

    private Uni<Integer> sendDue(int sent) {
        if (sent >= config.scheduler().batchSize()) {
            return Uni.createFrom().item(sent);
        }
        return Panache.withTransaction(this::sendOne)
                .chain(any -> any ? sendDue(sent + 1) : Uni.createFrom().item(sent));
    }

    private Uni<Boolean> sendOne() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM_DUE, UUID.class).getResultList())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(false)
                        : ScheduledMessage.<ScheduledMessage>findById(ids.get(0)).chain(s -> send(s).replaceWith(true)));
    }

    private Uni<Void> send(ScheduledMessage s) {
        return ConversationService.lock(s.tenantId, s.conversationId).chain(c -> {
            Instant now = ConversationRules.now();
            EventBatch events = new EventBatch();
            // The key makes a second send impossible even if the claim were ever bypassed.
            Message m = Message.create(Message.Direction.OUTGOING, s.author(), s.text, "scheduled:" + s.id);
            ConversationRules.outgoing(c, m, now, events);
            s.status = ScheduledMessage.Status.SENT;
            s.messageId = m.id;
            s.sentAt = now;
            events.add(c, EventType.CONVERSATION_SCHEDULED_MESSAGE_SENT, new ConversationEvents.ScheduledMessageSent(
                    c.idString(), c.customerIdString(), s.id.toString(), m.id.toString(), now, c.state(), s.author()));
            return m.persist().chain(() -> events.appendTo(outbox));
        });
    }
}
