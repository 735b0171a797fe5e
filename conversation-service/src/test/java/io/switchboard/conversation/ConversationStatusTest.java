package io.switchboard.conversation;

import static io.switchboard.conversation.domain.ConversationStatus.OPEN;
import static io.switchboard.conversation.domain.ConversationStatus.PENDING;
import static io.switchboard.conversation.domain.ConversationStatus.RESOLVED;
import static io.switchboard.conversation.domain.ConversationStatus.SNOOZED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.conversation.domain.ConversationStatus;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The transition table, as a plain unit test. */
class ConversationStatusTest {

    @Test
    void allowedTransitions() {
        assertEquals(EnumSet.of(PENDING, SNOOZED, RESOLVED), targets(OPEN));
        assertEquals(EnumSet.of(OPEN, SNOOZED, RESOLVED), targets(PENDING));
        assertEquals(EnumSet.of(OPEN, PENDING, SNOOZED, RESOLVED), targets(SNOOZED));
        assertEquals(EnumSet.of(OPEN), targets(RESOLVED));
    }

    private static Set<ConversationStatus> targets(ConversationStatus from) {
        Set<ConversationStatus> out = EnumSet.noneOf(ConversationStatus.class);
        for (ConversationStatus to : ConversationStatus.values()) {
            if (from.canBecome(to)) {
                out.add(to);
            }
        }
        return out;
    }
}
