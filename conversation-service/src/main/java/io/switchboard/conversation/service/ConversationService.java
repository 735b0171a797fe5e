package io.switchboard.conversation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.domain.Conversation;
import io.switchboard.conversation.domain.ConversationRules;
import io.switchboard.conversation.domain.ConversationStatus;
import io.switchboard.conversation.domain.EventBatch;
import io.switchboard.conversation.domain.Message;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.outbox.Outbox;
import io.switchboard.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Commands on one conversation. Each runs in one transaction that locks the conversation row first
 * (PESSIMISTIC_WRITE, tenant-scoped: another tenant's id is 404), applies {@link ConversationRules} and appends
 * the resulting events to the outbox.
 */
@ApplicationScoped
public class ConversationService {

    public record Posted(Message message, boolean repeat) {
    }

    private final Outbox outbox;
    private final AutoAssigner autoAssigner;

    public ConversationService(Outbox outbox, AutoAssigner autoAssigner) {
        this.outbox = outbox;
        this.autoAssigner = autoAssigner;
    }

    static Uni<Conversation> lock(String tenantId, UUID id) {
        return Conversation.<Conversation>find("id = ?1 and tenantId = ?2", id, tenantId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("conversation " + id));
    }

    /** Runs {@code change} on the locked conversation; its events are appended after it. */
    <T> Uni<T> command(Caller caller, UUID id, BiFunction<Conversation, EventBatch, Uni<T>> change) {
        return Panache.withTransaction(() -> lock(caller.tenantId(), id).chain(c -> {
            EventBatch events = new EventBatch();
            return change.apply(c, events).chain(result -> events.appendTo(outbox).replaceWith(result));
        }));
    }

    private Uni<Conversation> simple(Caller caller, UUID id, BiFunction<Conversation, EventBatch, Void> change) {
        return command(caller, id, (c, events) -> {
            change.apply(c, events);
            return Uni.createFrom().item(c);
        });
    }

    /** With the conversation locked, an earlier message with this key is final: a repeat answers it. */
    private static Uni<Message> existing(Conversation c, String key) {
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return Message.<Message>find("conversationId = ?1 and clientMessageId = ?2", c.id, key).firstResult();
    }

    /** An agent's or a bot's message; a repeat of its Idempotency-Key / clientMessageId returns the original. */
    public Uni<Posted> post(Caller caller, UUID id, String text, String key) {
        return command(caller, id, (c, events) -> existing(c, key).chain(original -> {
            if (original != null) {
                return Uni.createFrom().item(new Posted(original, true));
            }
            Message m = Message.create(Message.Direction.OUTGOING, caller.actor(), text, key);
            Instant now = ConversationRules.now();
            if (caller.isBot()) {
                ConversationRules.outgoing(c, m, now, events);
            } else {
                ConversationRules.agentReplied(c, m, now, events);
            }
            return m.persist().replaceWith(new Posted(m, false));
        }));
    }

    public Uni<Conversation> read(Caller caller, UUID id) {
        return simple(caller, id, (c, events) -> {
            ConversationRules.read(c, caller.actor(), events);
            return null;
        });
    }

    public Uni<Conversation> markUnread(Caller caller, UUID id) {
        return simple(caller, id, (c, events) -> {
            ConversationRules.markUnread(c, caller.actor(), events);
            return null;
        });
    }

    public Uni<Conversation> completeActivity(Caller caller, UUID id) {
        return simple(caller, id, (c, events) -> {
            ConversationRules.completeActivity(c, caller.actor(), ConversationRules.now(), events);
            return null;
        });
    }

    public Uni<Conversation> changeStatus(Caller caller, UUID id, ConversationStatus target, Instant until) {
        return command(caller, id, (c, events) -> {
            boolean reopening = c.status.isDormant() && !target.isDormant();
            boolean heldASlot = c.assigneeId != null && c.status != ConversationStatus.RESOLVED;
            ConversationRules.changeStatus(c, target, until, caller.actor(), ConversationRules.now(), events);
            if (reopening) {
                return autoAssigner.assignIfUnassigned(c, events).replaceWith(c);
            }
            boolean freed = heldASlot && c.status == ConversationStatus.RESOLVED;
            return (freed ? autoAssigner.slotFreed(c) : Uni.createFrom().voidItem()).replaceWith(c);
        });
    }

    public Uni<Conversation> assign(Caller caller, UUID id, String agentId) {
        return simple(caller, id, (c, events) -> {
            ConversationRules.checkMayAssign(c, agentId, caller);
            ConversationRules.assign(c, agentId, caller.actor(), events);
            return null;
        });
    }

    /** The agent's slot frees: the queue's oldest other chat may take it (this one waits in the queue). */
    public Uni<Conversation> unassign(Caller caller, UUID id) {
        return command(caller, id, (c, events) -> {
            ConversationRules.checkMayUnassign(c, caller);
            ConversationRules.unassign(c, caller.actor(), events);
            return autoAssigner.slotFreed(c).replaceWith(c);
        });
    }

    public Uni<Conversation> chatbot(Caller caller, UUID id, boolean active) {
        return simple(caller, id, (c, events) -> {
            ConversationRules.setChatbot(c, active, caller.actor(), events);
            return null;
        });
    }
}
