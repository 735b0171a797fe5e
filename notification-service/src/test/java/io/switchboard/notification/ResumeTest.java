package io.switchboard.notification;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.platform.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ResumeTest {

    @Test
    void aClientThatMissedUpdatesResumesWithSinceAndEndsLikeOneThatNeverLeft() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        String token = TestTokens.agent(tenant, "bea");
        String c1 = UUID.randomUUID().toString();
        String c2 = UUID.randomUUID().toString();
        try (ConversationEventSender events = new ConversationEventSender();
                AgentSocketClient stayer = AgentSocketClient.connect(RestAssured.port, token)) {
            AgentSocketClient leaver = AgentSocketClient.connect(RestAssured.port, token);
            await().atMost(Duration.ofSeconds(10)).until(() -> stayer.data().size() == 1 && leaver.data().size() == 1);
            events.send(tenant, c1, 1, "conversation.created", "OPEN", "bea", true, true);
            await().atMost(Duration.ofSeconds(60)).until(() -> "1/1/0".equals(leaver.shown()));
            long left = leaver.lastSequence();
            leaver.close();

            // While the leaver is away: a second chat, a reply, a transfer back to the queue.
            events.send(tenant, c2, 1, "conversation.created", "OPEN", "bea", true, true);
            events.send(tenant, c1, 2, "conversation.message_created", "OPEN", "bea", false, true);
            events.send(tenant, c2, 2, "conversation.unassigned", "OPEN", null, true, true);
            await().atMost(Duration.ofSeconds(60)).until(() -> "0/1/1".equals(stayer.shown()));

            try (AgentSocketClient back = AgentSocketClient.resume(RestAssured.port, token, left)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> back.lastSequence() == stayer.lastSequence());
                assertEquals(stayer.shown(), back.shown());
                List<JsonNode> missed = back.data();
                assertEquals(stayer.lastSequence() - left, missed.size(), "exactly the missed frames: " + missed);
                for (int i = 0; i < missed.size(); i++) {
                    assertEquals("counters", missed.get(i).path("type").asText());
                    assertEquals(left + 1 + i, missed.get(i).path("sequence").asLong());
                }
                // And live frames keep coming after the replay.
                events.send(tenant, c1, 3, "conversation.read", "OPEN", "bea", false, false);
                await().atMost(Duration.ofSeconds(60)).until(() -> "0/0/1".equals(back.shown()) && "0/0/1".equals(stayer.shown()));
                assertEquals(stayer.lastSequence(), back.lastSequence());
            }
        }
    }

    @Test
    void aSinceTheServerNeverIssuedGetsAFreshSnapshot() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        try (ConversationEventSender events = new ConversationEventSender();
                AgentSocketClient first = AgentSocketClient.connect(RestAssured.port, TestTokens.agent(tenant, "cy"))) {
            events.send(tenant, UUID.randomUUID().toString(), 1, "conversation.created", "OPEN", "cy", true, false);
            await().atMost(Duration.ofSeconds(60)).until(() -> "1/0/0".equals(first.shown()));
            try (AgentSocketClient future = AgentSocketClient.resume(RestAssured.port, TestTokens.agent(tenant, "cy"), 9999)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> future.data().size() == 1);
                JsonNode f = future.data().get(0);
                assertEquals("snapshot", f.path("type").asText());
                assertEquals(first.lastSequence(), f.path("sequence").asLong());
                assertEquals("1/0/0", future.shown());
            }
        }
    }
}
