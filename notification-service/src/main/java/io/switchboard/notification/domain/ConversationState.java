package io.switchboard.notification.domain;

import io.switchboard.contracts.ConversationEvents;

/** The attention-relevant part of a conversation, as carried by every conversation.* event. */
public record ConversationState(String status, String assigneeId, boolean unread, boolean activityOpen) {

    /** Before the first event: counts for nobody. */
    public static final ConversationState NONE = new ConversationState("NONE", null, false, false);

    public static ConversationState of(ConversationEvents.State s) {
        String assignee = s.assigneeId() == null || s.assigneeId().isBlank() ? null : s.assigneeId();
        return new ConversationState(s.status() == null ? "NONE" : s.status(), assignee, s.unread(), s.activityOpen());
    }

    /**
     * The tenant's unassigned queue holds OPEN conversations without an assignee. PENDING (a chatbot is on it),
     * SNOOZED and RESOLVED ones wait for nobody.
     */
    public boolean inUnassignedQueue() {
        return assigneeId == null && "OPEN".equals(status);
    }
}
