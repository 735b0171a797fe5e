package io.switchboard.conversation;

import io.switchboard.contracts.Topics;
import io.switchboard.platform.testing.KafkaProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class that asserts what its calls published on conversation.events (the real broker). */
abstract class EventsTest {

    protected static KafkaProbe probe;

    @BeforeAll
    static void openProbe() {
        probe = new KafkaProbe(Topics.CONVERSATION_EVENTS);
    }

    @AfterAll
    static void closeProbe() {
        if (probe != null) {
            probe.close();
        }
    }

    protected static String base(String conversationId) {
        return "/api/v1/conversations/" + conversationId;
    }
}
