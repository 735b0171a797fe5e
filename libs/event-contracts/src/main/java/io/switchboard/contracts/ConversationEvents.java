package io.switchboard.contracts;

import java.time.Instant;

/**
 * Data of {@code conversation.*} events (aggregate: conversation, key: conversation id).
 * Every event carries {@link State}: the conversation's attention-relevant state right after the event,
 * so a projection can take the newest sequence it has seen and never needs to call back.
 */
public final class ConversationEvents {

    /** Status values: OPEN, PENDING, SNOOZED, RESOLVED. */
    public record State(String status, String assigneeId, boolean unread, boolean activityOpen, boolean chatbotActive) {
    }

    public record Created(String conversationId, String customerId, String channel, State state, Actor actor) {
    }

    /** direction: INCOMING (customer), OUTGOING (agent or bot), SYSTEM. */
    public record MessageCreated(String conversationId, String customerId, String messageId, long messageSequence,
            String channel, String direction, String text, String clientMessageId, Instant createdAt,
            State state, Actor actor) {
    }

    public record StatusChanged(String conversationId, String customerId, Change<String> status, Instant snoozedUntil,
            State state, Actor actor) {
    }

    public record MarkedUnread(String conversationId, String customerId, State state, Actor actor) {
    }

    public record Read(String conversationId, String customerId, State state, Actor actor) {
    }

    public record Assigned(String conversationId, String customerId, Change<String> assignee, State state, Actor actor) {
    }

    public record Unassigned(String conversationId, String customerId, String previousAssigneeId, State state, Actor actor) {
    }

    public record ChatbotToggled(String conversationId, String customerId, State state, Actor actor) {
    }

    public record ActivityOpened(String conversationId, String customerId, String activityId, Instant openedAt,
            State state, Actor actor) {
    }

    public record ActivityCompleted(String conversationId, String customerId, String activityId, Instant openedAt,
            Instant completedAt, State state, Actor actor) {
    }

    public record ScheduledMessageCreated(String conversationId, String customerId, String scheduledMessageId,
            String text, Instant sendAt, State state, Actor actor) {
    }

    public record ScheduledMessageSent(String conversationId, String customerId, String scheduledMessageId,
            String messageId, Instant sentAt, State state, Actor actor) {
    }

    public record ScheduledMessageCancelled(String conversationId, String customerId, String scheduledMessageId,
            State state, Actor actor) {
    }

    private ConversationEvents() {
    }
}
