package io.switchboard.conversation.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * OPEN (needs the team), PENDING (waiting: e.g. a chatbot handles it), SNOOZED (until a time), RESOLVED.
 * The one table of allowed manual transitions; a customer message reopens RESOLVED and SNOOZED on its own.
 */
public enum ConversationStatus {
    OPEN, PENDING, SNOOZED, RESOLVED;

    private static final Map<ConversationStatus, Set<ConversationStatus>> ALLOWED = Map.of(
            OPEN, EnumSet.of(PENDING, SNOOZED, RESOLVED),
            PENDING, EnumSet.of(OPEN, SNOOZED, RESOLVED),
            // Snoozing again moves the wake-up time.
            SNOOZED, EnumSet.of(OPEN, PENDING, SNOOZED, RESOLVED),
            RESOLVED, EnumSet.of(OPEN));

    public boolean canBecome(ConversationStatus target) {
        return ALLOWED.get(this).contains(target);
    }

    /** Resolved or snoozed chats come back to the team when the customer writes. */
    public boolean isDormant() {
        return this == RESOLVED || this == SNOOZED;
    }
}
