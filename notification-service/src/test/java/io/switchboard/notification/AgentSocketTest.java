package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.platform.testing.KafkaProbe;
import io.switchboard.platform.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AgentSocketTest {

    static ConversationEventSender events;

    @BeforeAll
    static void producer() {
        events = new ConversationEventSender();
    }

    @AfterAll
    static void close() {
        events.close();
    }

    static String tenant() {
        return "t-" + UUID.randomUUID();
    }

    static String conversation() {
        return UUID.randomUUID().toString();
    }

    @Test
    void snapshotOnConnectThenEveryChangeWithTheNextSequenceAlsoOnTheCompactedTopic() throws Exception {
        String tenant = tenant();
        String c1 = conversation();
        try (KafkaProbe probe = new KafkaProbe("agent.counters");
                AgentSocketClient ana = AgentSocketClient.connect(RestAssured.port, TestTokens.agent(tenant, "ana"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ana.data().size() == 1);
            JsonNode snapshot = ana.data().get(0);
            assertEquals("snapshot", snapshot.path("type").asText());
            assertEquals(0, snapshot.path("sequence").asLong());
            assertEquals("0/0/0", ana.shown());

            // A new chat: OPEN, unread, activity open, nobody assigned → the tenant's queue grows for every known agent.
            events.send(tenant, c1, 1, "conversation.created", "OPEN", null, true, true);
            await().atMost(Duration.ofSeconds(60)).until(() -> "0/0/1".equals(ana.shown()));
            // Assigned to ana: leaves the queue, counts as ana's unread and open activity.
            events.send(tenant, c1, 2, "conversation.assigned", "OPEN", "ana", true, true);
            await().atMost(Duration.ofSeconds(60)).until(() -> "1/1/0".equals(ana.shown()));
            // Ana replies: read, the activity stays open (green).
            events.send(tenant, c1, 3, "conversation.message_created", "OPEN", "ana", false, true);
            await().atMost(Duration.ofSeconds(60)).until(() -> "0/1/0".equals(ana.shown()));

            List<JsonNode> frames = ana.data();
            for (int i = 0; i < frames.size(); i++) {
                assertEquals(i, frames.get(i).path("sequence").asLong(), "gap-free sequence: " + frames);
            }
            JsonNode last = frames.get(frames.size() - 1);
            assertEquals("counters", last.path("type").asText());
            assertEquals("conversation.message_created", last.path("cause").path("type").asText());
            assertEquals(c1, last.path("cause").path("conversationId").asText());

            List<ConsumerRecord<String, String>> records = probe.await(
                    r -> (tenant + "/ana").equals(r.key()), 3, Duration.ofSeconds(10));
            assertEquals(List.of("1", "2", "3"), records.stream().map(r -> KafkaProbe.header(r, "ce_sequence")).toList());
            assertEquals("agent.counters_changed", KafkaProbe.header(records.get(0), "ce_type"));
            JsonNode data = new com.fasterxml.jackson.databind.ObjectMapper().readTree(records.get(2).value());
            assertEquals(0, data.path("unread").asLong(), data.toString());
            assertEquals(1, data.path("openActivities").asLong(), data.toString());
            assertEquals(3, data.path("sequence").asLong(), data.toString());
        }
        given().auth().oauth2(TestTokens.agent(tenant, "ana")).get("/api/v1/agents/me/counters").then().statusCode(200)
                .body("sequence", equalTo(3)).body("counters.unread", equalTo(0))
                .body("counters.openActivities", equalTo(1)).body("counters.unassigned", equalTo(0));
    }

    @Test
    void aSocketWithoutAValidTokenIsRefusedBeforeTheUpgrade() {
        String tenant = tenant();
        assertRefused("/ws/v1/agent", 401);
        assertRefused("/ws/v1/agent?access_token=not-a-jwt", 401);
        // Signed by the right key but without a tenant, or without an agent role: refused as well.
        assertRefused("/ws/v1/agent?access_token=" + TestTokens.mint(tenant, "bot-1", "BOT"), 401);
        assertRefused("/ws/v1/agent?access_token=" + TestTokens.agent(tenant, "ana") + "&since=-3", 400);
        given().get("/api/v1/agents/me/counters").then().statusCode(401);
    }

    @Test
    void anAgentHoldsAtMostTheConfiguredNumberOfSockets() throws Exception {
        String tenant = tenant();
        String token = TestTokens.agent(tenant, "ana");
        List<AgentSocketClient> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) { // max-sockets-per-agent in the test profile
                AgentSocketClient c = AgentSocketClient.connect(RestAssured.port, token);
                open.add(c);
                await().atMost(Duration.ofSeconds(10)).until(() -> c.data().size() == 1); // its snapshot
            }
            try (AgentSocketClient extra = AgentSocketClient.connect(RestAssured.port, token);
                    AgentSocketClient otherAgent = AgentSocketClient.connect(RestAssured.port, TestTokens.agent(tenant, "bo"))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> extra.closeCode != -1);
                assertEquals(1008, extra.closeCode);
                assertTrue(extra.closeReason.contains("too many sockets"), extra.closeReason);
                assertEquals(List.of(), extra.data());
                await().atMost(Duration.ofSeconds(10)).until(() -> otherAgent.data().size() == 1); // another agent is not limited
            }
            open.remove(0).close(); // a closed console frees its place
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (AgentSocketClient again = AgentSocketClient.connect(RestAssured.port, token)) {
                    await().atMost(Duration.ofSeconds(5)).until(() -> again.data().size() == 1 || again.closeCode != -1);
                    assertEquals(-1, again.closeCode);
                }
            });
        } finally {
            open.forEach(AgentSocketClient::close);
        }
    }

    @Test
    void anAgentNeverReceivesAnotherTenantsFrames() throws Exception {
        String mine = tenant();
        String other = tenant();
        try (AgentSocketClient ana = AgentSocketClient.connect(RestAssured.port, TestTokens.agent(mine, "ana"));
                AgentSocketClient otherAna = AgentSocketClient.connect(RestAssured.port, TestTokens.agent(other, "ana"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ana.data().size() == 1 && otherAna.data().size() == 1);
            String c = conversation();
            events.send(other, c, 1, "conversation.created", "OPEN", "ana", true, true);
            events.send(other, conversation(), 1, "conversation.created", "OPEN", null, true, true);
            await().atMost(Duration.ofSeconds(60)).until(() -> "1/1/1".equals(otherAna.shown()));
            // Then a change in my tenant, so "nothing arrived" is proven by something that did arrive after.
            events.send(mine, conversation(), 1, "conversation.created", "OPEN", null, true, false);
            await().atMost(Duration.ofSeconds(60)).until(() -> "0/0/1".equals(ana.shown()));
            assertEquals(2, ana.data().size(), "ana of " + mine + " got: " + ana.data());
            assertTrue(ana.data().stream().noneMatch(f -> f.toString().contains(c)));
        }
    }

    private static void assertRefused(String pathAndQuery, int status) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + RestAssured.port + pathAndQuery), new WebSocket.Listener() { })
                        .get(10, TimeUnit.SECONDS));
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(status, refused.getResponse().statusCode());
    }
}
