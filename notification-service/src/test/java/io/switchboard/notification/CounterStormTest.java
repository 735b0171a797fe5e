package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.notification.ConversationEventSender.Sent;
import io.switchboard.platform.testing.KafkaProbe;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Counters stay exact under a storm: every event out of order, then every event again (same ce_id: a relay resend),
 * then again under new ids (a replay), plus records that are not events at all.
 */
@QuarkusTest
class CounterStormTest {

    @Inject
    Pool pool;

    private static final String[] STATUSES = {"OPEN", "OPEN", "PENDING", "SNOOZED", "RESOLVED"};
    private static final String[] AGENTS = {null, "a1", "a2", "a3"};

    @Test
    void countersAreExactUnderDuplicatesAndOutOfOrderRedeliveries() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        // A second tenant's conversations interleave with the first's, so batches carry both: each tenant's counter
        // statements go out in one pipelined transaction and must still land on that tenant only.
        String other = "t-" + UUID.randomUUID();
        Random random = new Random(42);
        List<Sent> all = new ArrayList<>();
        Map<String, Sent> newest = new HashMap<>();
        String garbageKey = "not-an-event-" + UUID.randomUUID();
        String refusedKey = "refused-" + UUID.randomUUID() + "-" + "x".repeat(64);
        try (ConversationEventSender events = new ConversationEventSender();
                KafkaProbe deadLetters = new KafkaProbe("conversation.events.dlq");
                AgentSocketClient a1 = AgentSocketClient.connect(RestAssured.port, TestTokens.agent(tenant, "a1"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> a1.data().size() == 1);
            for (int c = 0; c < 40; c++) {
                String conversation = UUID.randomUUID().toString();
                String owner = c % 4 == 3 ? other : tenant;
                int length = 1 + random.nextInt(6);
                for (int seq = 1; seq <= length; seq++) {
                    Sent e = events.event(owner, conversation, seq, seq == 1 ? "conversation.created" : "conversation.assigned",
                            STATUSES[random.nextInt(STATUSES.length)], AGENTS[random.nextInt(AGENTS.length)],
                            random.nextBoolean(), random.nextBoolean());
                    all.add(e);
                    newest.put(conversation, e);
                }
            }
            List<Sent> storm = new ArrayList<>(all);
            Collections.shuffle(storm, random);
            storm.forEach(events::send);
            events.sendGarbage(garbageKey, "{oops");
            // Readable, but the database refuses it (an id longer than the column): its batch is applied one event
            // at a time and only this one is dead-lettered. Had it counted, the unassigned queue would be one off.
            events.send(tenant, refusedKey, 1, "conversation.created", "OPEN", null, true, true);
            Collections.shuffle(storm, random);
            storm.forEach(events::send); // the same ids again
            Collections.shuffle(storm, random);
            storm.forEach(e -> events.send(UUID.randomUUID().toString(), e.tenant(), e.conversationId(), e.sequence(),
                    e.type(), e.json())); // the same sequences under new ids
            // A conversation.* type this build does not know, without a state: ignored, never fatal.
            events.send(UUID.randomUUID().toString(), tenant, UUID.randomUUID().toString(), 1, "conversation.teleported", "{}");

            for (String t : List.of(tenant, other)) {
                List<Sent> ofTenant = newest.values().stream().filter(e -> e.tenant().equals(t)).toList();
                Map<String, long[]> expected = expected(ofTenant);
                long queue = unassigned(ofTenant);
                for (String agent : List.of("a1", "a2", "a3")) {
                    long[] want = expected.getOrDefault(agent, new long[2]);
                    await().atMost(Duration.ofSeconds(60)).during(Duration.ofSeconds(1)).untilAsserted(() ->
                            given().auth().oauth2(TestTokens.agent(t, agent)).get("/api/v1/agents/me/counters").then()
                                    .statusCode(200).body("counters.unread", equalTo((int) want[0]))
                                    .body("counters.openActivities", equalTo((int) want[1]))
                                    .body("counters.unassigned", equalTo((int) queue)));
                }
                given().auth().oauth2(TestTokens.admin(t, "boss")).queryParam("fix", false)
                        .post("/api/v1/agents/counters/reconcile").then().statusCode(200)
                        .body("differences", empty()).body("fixed", equalTo(false));
            }

            // Other services reading conversation.events dead-letter it too, so at least one copy; the counters above
            // prove this consumer went on past it.
            assertTrue(deadLetters.await(r -> garbageKey.equals(r.key()), 1, Duration.ofSeconds(10)).size() >= 1,
                    "the unreadable record went to the dead-letter topic");
            assertEquals(1, deadLetters.await(r -> refusedKey.equals(r.key()), 1, Duration.ofSeconds(10)).size(),
                    "the refused event went to the dead-letter topic, once");

            // The console that watched the storm shows the same numbers (its own tenant's), reached through gap-free
            // frames.
            List<Sent> ofTenant = newest.values().stream().filter(e -> e.tenant().equals(tenant)).toList();
            long[] a1Want = expected(ofTenant).getOrDefault("a1", new long[2]);
            long queue = unassigned(ofTenant);
            await().atMost(Duration.ofSeconds(60)).until(() -> (a1Want[0] + "/" + a1Want[1] + "/" + queue).equals(a1.shown()));
            List<JsonNode> frames = a1.data();
            for (int i = 1; i < frames.size(); i++) {
                assertEquals(frames.get(i - 1).path("sequence").asLong() + 1, frames.get(i).path("sequence").asLong(),
                        "gap at " + i + ": " + frames);
            }
        }
    }

    @Test
    void reconcileReportsAndFixesADriftedCounter() {
        String tenant = "t-" + UUID.randomUUID();
        try (ConversationEventSender events = new ConversationEventSender()) {
            events.send(tenant, UUID.randomUUID().toString(), 1, "conversation.created", "OPEN", "zoe", true, true);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.agent(tenant, "zoe"))
                    .get("/api/v1/agents/me/counters").then().body("counters.unread", equalTo(1)));
        }
        Drift.corrupt(pool, tenant, "zoe");
        given().auth().oauth2(TestTokens.admin(tenant, "boss")).post("/api/v1/agents/counters/reconcile").then()
                .statusCode(200).body("differences.size()", equalTo(1)).body("differences[0].agentId", equalTo("zoe"))
                .body("differences[0].counter", equalTo("unread")).body("differences[0].maintained", equalTo(7))
                .body("differences[0].recomputed", equalTo(1)).body("fixed", equalTo(true));
        given().auth().oauth2(TestTokens.admin(tenant, "boss")).queryParam("fix", false)
                .post("/api/v1/agents/counters/reconcile").then().statusCode(200).body("differences", empty());
        given().auth().oauth2(TestTokens.agent(tenant, "zoe")).get("/api/v1/agents/me/counters").then()
                .body("counters.unread", equalTo(1)).body("sequence", equalTo(2)); // 1: the chat, 2: the correction
        given().auth().oauth2(TestTokens.agent(tenant, "zoe")).post("/api/v1/agents/counters/reconcile").then().statusCode(403);
    }

    /** The unassigned queue from the newest state of each conversation: OPEN and nobody's. */
    private static long unassigned(List<Sent> newest) {
        return newest.stream().filter(e -> e.json().contains("\"OPEN\"") && e.json().contains("\"assigneeId\":null")).count();
    }

    /** Final per-agent {unread, openActivities} from the newest state of each conversation. */
    private static Map<String, long[]> expected(Iterable<Sent> newest) {
        Map<String, long[]> out = new HashMap<>();
        for (Sent e : newest) {
            for (String agent : List.of("a1", "a2", "a3")) {
                if (e.json().contains("\"assigneeId\":\"" + agent + "\"")) {
                    long[] c = out.computeIfAbsent(agent, k -> new long[2]);
                    c[0] += e.json().contains("\"unread\":true") ? 1 : 0;
                    c[1] += e.json().contains("\"activityOpen\":true") ? 1 : 0;
                }
            }
        }
        return out;
    }
}
