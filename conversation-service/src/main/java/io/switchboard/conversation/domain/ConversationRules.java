package io.switchboard.conversation.domain;

import static io.switchboard.contracts.EventType.CONVERSATION_ACTIVITY_COMPLETED;
import static io.switchboard.contracts.EventType.CONVERSATION_ACTIVITY_OPENED;
import static io.switchboard.contracts.EventType.CONVERSATION_ASSIGNED;
import static io.switchboard.contracts.EventType.CONVERSATION_CHATBOT_ACTIVATED;
import static io.switchboard.contracts.EventType.CONVERSATION_CHATBOT_DEACTIVATED;
import static io.switchboard.contracts.EventType.CONVERSATION_CREATED;
import static io.switchboard.contracts.EventType.CONVERSATION_MARKED_UNREAD;
import static io.switchboard.contracts.EventType.CONVERSATION_MESSAGE_CREATED;
import static io.switchboard.contracts.EventType.CONVERSATION_READ;
import static io.switchboard.contracts.EventType.CONVERSATION_STATUS_CHANGED;
import static io.switchboard.contracts.EventType.CONVERSATION_UNASSIGNED;

import io.switchboard.contracts.Actor;
import io.switchboard.contracts.Change;
import io.switchboard.contracts.ConversationEvents;
import io.switchboard.platform.error.ProblemException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The attention rules of an open-channel chat (seed 004, modelled on Bitrix24's open channels; labels in
 * docs/ARCHITECTURE.md), in one place. Each method changes a locked conversation and
 * records the catalogued event of every change in the batch, with the state right after that change.
 * <ul>
 *   <li>Unread: set by every customer message, cleared by an agent's reply or "read", set by hand ("unread").
 *       A customer message or an agent reply carries the new flag in its message_created state (no second
 *       event); read / marked_unread are the explicit actions.</li>
 *   <li>Activity: opened by a customer message when none is open, stays open after replies, completed by the
 *       agent or by resolving; the next customer message opens a new one.</li>
 *   <li>Status: only the transitions of {@link ConversationStatus}; a customer message reopens RESOLVED and
 *       SNOOZED (to PENDING while a chatbot is active, else OPEN).</li>
 *   <li>Chatbot: an active bot keeps the chat PENDING; an agent's reply hands over (bot off, OPEN).</li>
 * </ul>
 */
public final class ConversationRules {

    private ConversationRules() {
    }

    /** Timestamps at PostgreSQL's precision, so what a cursor carries compares equal to what is stored. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public static void created(Conversation c, Actor actor, EventBatch events) {
        events.add(c, CONVERSATION_CREATED, new ConversationEvents.Created(c.idString(), c.customerIdString(),
                c.channel.wireName(), c.state(), actor));
    }

    /** @return true when the message reopened the chat (auto-assignment then looks at it again). */
    public static boolean customerWrote(Conversation c, Message m, Instant now, EventBatch events) {
        Actor actor = m.author();
        boolean reopened = false;
        if (c.status.isDormant()) {
            setStatus(c, c.chatbotActive ? ConversationStatus.PENDING : ConversationStatus.OPEN, null, actor, events);
            reopened = true;
        }
        c.unread = true;
        addMessage(c, m, now, events);
        if (!c.activityOpen) {
            c.activityOpen = true;
            c.activityId = UUID.randomUUID();
            c.activityOpenedAt = now;
            events.add(c, CONVERSATION_ACTIVITY_OPENED, new ConversationEvents.ActivityOpened(c.idString(),
                    c.customerIdString(), c.activityId.toString(), now, c.state(), actor));
        }
        return reopened;
    }

    /** An agent's (or admin's) reply: read, and the chatbot hands the chat over. The activity stays open. */
    public static void agentReplied(Conversation c, Message m, Instant now, EventBatch events) {
        c.unread = false;
        addMessage(c, m, now, events);
        if (c.chatbotActive) {
            setChatbot(c, false, m.author(), events);
        }
    }

    /** A bot's reply or a scheduled message: neither reads the chat nor touches the activity. */
    public static void outgoing(Conversation c, Message m, Instant now, EventBatch events) {
        addMessage(c, m, now, events);
    }

    private static void addMessage(Conversation c, Message m, Instant now, EventBatch events) {
        c.messageSequence++;
        m.sequence = c.messageSequence;
        m.conversationId = c.id;
        m.tenantId = c.tenantId;
        m.createdAt = now;
        c.lastMessageAt = now;
        c.updatedAt = now;
        events.add(c, CONVERSATION_MESSAGE_CREATED, new ConversationEvents.MessageCreated(c.idString(),
                c.customerIdString(), m.id.toString(), m.sequence, c.channel.wireName(), m.direction.name(), m.text,
                m.clientMessageId, now, c.state(), m.author()));
    }

    /** A manual status change: 409 for a transition the table does not allow; SNOOZED needs a future time. */
    public static void changeStatus(Conversation c, ConversationStatus target, Instant until, Actor actor,
            Instant now, EventBatch events) {
        if (!c.status.canBecome(target)) {
            throw ProblemException.conflict("a " + c.status + " conversation cannot become " + target);
        }
        if (target == ConversationStatus.SNOOZED && (until == null || !until.isAfter(now))) {
            throw ProblemException.invalid("until", "SNOOZED needs a time in the future");
        }
        if (target != ConversationStatus.SNOOZED && until != null) {
            throw ProblemException.invalid("until", "only SNOOZED takes a time");
        }
        setStatus(c, target, until, actor, events);
        if (target == ConversationStatus.RESOLVED && c.activityOpen) {
            completeActivity(c, actor, now, events);
        }
    }

    /** A snoozed chat whose time has come. */
    public static void wake(Conversation c, EventBatch events) {
        setStatus(c, c.chatbotActive ? ConversationStatus.PENDING : ConversationStatus.OPEN, null, Actor.SYSTEM, events);
    }

    private static void setStatus(Conversation c, ConversationStatus target, Instant until, Actor actor, EventBatch events) {
        ConversationStatus from = c.status;
        c.status = target;
        c.snoozedUntil = target == ConversationStatus.SNOOZED ? until : null;
        c.updatedAt = now();
        events.add(c, CONVERSATION_STATUS_CHANGED, new ConversationEvents.StatusChanged(c.idString(),
                c.customerIdString(), Change.of(from.name(), target.name()), c.snoozedUntil, c.state(), actor));
    }

    public static void completeActivity(Conversation c, Actor actor, Instant now, EventBatch events) {
        if (!c.activityOpen) {
            throw ProblemException.conflict("the conversation has no open activity");
        }
        c.activityOpen = false;
        c.updatedAt = now;
        events.add(c, CONVERSATION_ACTIVITY_COMPLETED, new ConversationEvents.ActivityCompleted(c.idString(),
                c.customerIdString(), c.activityId.toString(), c.activityOpenedAt, now, c.state(), actor));
    }

    /** No event when it is already read: "read" is idempotent. */
    public static void read(Conversation c, Actor actor, EventBatch events) {
        if (c.unread) {
            c.unread = false;
            c.updatedAt = now();
            events.add(c, CONVERSATION_READ, new ConversationEvents.Read(c.idString(), c.customerIdString(), c.state(), actor));
        }
    }

    public static void markUnread(Conversation c, Actor actor, EventBatch events) {
        if (!c.unread) {
            c.unread = true;
            c.updatedAt = now();
            events.add(c, CONVERSATION_MARKED_UNREAD, new ConversationEvents.MarkedUnread(c.idString(),
                    c.customerIdString(), c.state(), actor));
        }
    }

    /** An active bot keeps the chat PENDING; turning it off gives the chat back to the team (OPEN). */
    public static void setChatbot(Conversation c, boolean active, Actor actor, EventBatch events) {
        if (c.chatbotActive == active) {
            return;
        }
        c.chatbotActive = active;
        c.updatedAt = now();
        events.add(c, active ? CONVERSATION_CHATBOT_ACTIVATED : CONVERSATION_CHATBOT_DEACTIVATED,
                new ConversationEvents.ChatbotToggled(c.idString(), c.customerIdString(), c.state(), actor));
        if (active && c.status == ConversationStatus.OPEN) {
            setStatus(c, ConversationStatus.PENDING, null, actor, events);
        } else if (!active && c.status == ConversationStatus.PENDING) {
            setStatus(c, ConversationStatus.OPEN, null, actor, events);
        }
    }

    public static void assign(Conversation c, String agentId, Actor actor, EventBatch events) {
        if (agentId.equals(c.assigneeId)) {
            return;
        }
        String from = c.assigneeId;
        c.assigneeId = agentId;
        c.updatedAt = now();
        events.add(c, CONVERSATION_ASSIGNED, new ConversationEvents.Assigned(c.idString(), c.customerIdString(),
                Change.of(from, agentId), c.state(), actor));
    }

    public static void unassign(Conversation c, Actor actor, EventBatch events) {
        if (c.assigneeId == null) {
            return;
        }
        String from = c.assigneeId;
        c.assigneeId = null;
        c.updatedAt = now();
        events.add(c, CONVERSATION_UNASSIGNED, new ConversationEvents.Unassigned(c.idString(), c.customerIdString(),
                from, c.state(), actor));
    }

    /**
     * Who may change the assignee: an ADMIN anyone; an AGENT may take an unassigned chat (for themselves only)
     * or release their own; everything else is 403.
     */
    public static void checkMayAssign(Conversation c, String agentId, io.switchboard.platform.security.Caller caller) {
        if (caller.isAdmin()) {
            return;
        }
        boolean takesUnassigned = c.assigneeId == null && agentId.equals(caller.id());
        boolean keepsOwn = caller.id().equals(c.assigneeId) && agentId.equals(caller.id());
        if (!takesUnassigned && !keepsOwn) {
            throw ProblemException.forbidden("an agent may only take an unassigned conversation for themselves");
        }
    }

    public static void checkMayUnassign(Conversation c, io.switchboard.platform.security.Caller caller) {
        if (caller.isAdmin() || c.assigneeId == null || caller.id().equals(c.assigneeId)) {
            return;
        }
        throw ProblemException.forbidden("an agent may only release their own conversation");
    }
}
