package io.switchboard.timeline;

import static io.restassured.RestAssured.given;
import static io.switchboard.timeline.CommentTest.knownCustomer;
import static io.switchboard.timeline.ProjectionTest.timeline;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.contracts.EventType;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.security.ApiKeys;
import io.switchboard.platform.testing.KafkaProbe;
import io.switchboard.platform.testing.TestTokens;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ActivityAndIndicatorTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    static int postAsBot(String key, String customer, Map<String, Object> body) {
        return given().header("X-Api-Key", key).header("Idempotency-Key", "call-1").contentType("application/json")
                .body(body).post("/api/v1/timelines/" + customer + "/activities").then().extract().statusCode();
    }

    @Test
    void aBotKeyReplicatedFromBotEventsLogsACall() {
        String tenant = TestEvents.tenant();
        String customer = knownCustomer(tenant);
        String key = ApiKeys.newKey();
        String botId = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, Object> call = Map.of("type", "call", "direction", "INCOMING", "durationSeconds", 95,
                "fromNumber", "+5491155555555", "occurredAt", "2026-01-10T09:00:00Z");
        assertEquals(401, postAsBot(key, customer, call), "unknown key before bot.created");

        try (KafkaProbe probe = new KafkaProbe(Topics.TIMELINE_EVENTS)) {
            TestEvents.publish(EventType.BOT_CREATED, tenant, null, botId, 1, now,
                    Map.of("botId", botId, "name", "Order bot", "keyHash", ApiKeys.hash(key),
                            "actor", Map.of("kind", "ADMIN", "id", "boss")));
            // The same Idempotency-Key on every try: the first accepted one creates, later ones repeat it.
            await().atMost(DEADLINE).until(() -> postAsBot(key, customer, call) == 200);

            List<ConsumerRecord<String, String>> events = probe.drain(KafkaProbe.headerIs(CloudEventHeaders.TENANT_ID, tenant),
                    Duration.ofSeconds(1));
            assertEquals(1, events.size(), "one call, however often the bot retried");
            assertEquals("timeline.call_logged", KafkaProbe.header(events.get(0), CloudEventHeaders.TYPE));
            JsonPath data = TestEvents.read(events.get(0).value());
            assertEquals("BOT", data.getString("actor.kind"));
            assertEquals(botId, data.getString("actor.id"));
        }
        await().atMost(DEADLINE).until(() -> timeline(tenant, customer, "types=timeline.call_logged").getList("items").size() == 1);
        JsonPath entry = timeline(tenant, customer, "types=timeline.call_logged");
        assertEquals("Incoming call (95 s)", entry.getString("items[0].summary"));
        assertEquals("2026-01-10T09:00:00Z", entry.getString("items[0].occurredAt"), "placed at when the call happened");

        TestEvents.publish(EventType.BOT_DELETED, tenant, null, botId, 2, now,
                Map.of("botId", botId, "actor", Map.of("kind", "ADMIN", "id", "boss")));
        await().atMost(DEADLINE).until(() -> postAsBot(key, customer, call) == 401);
    }

    @Test
    void campaignsCustomKindsAndBadInput() {
        String tenant = TestEvents.tenant();
        String customer = knownCustomer(tenant);
        String token = TestTokens.agent(tenant, "agent-ana");
        String path = "/api/v1/timelines/" + customer + "/activities";
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("type", "email_campaign", "campaignName", "Black Friday", "statsUrl", "https://mail.example.com/s/1"))
                .post(path).then().statusCode(201).body("type", equalTo("timeline.email_campaign_sent"));
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("type", "custom", "kind", "invoice_paid", "title", "Invoice 42 paid", "link", "https://erp.example.com/42"))
                .post(path).then().statusCode(201).body("type", equalTo("timeline.activity_logged"));

        given().auth().oauth2(token).contentType("application/json").body(Map.of("type", "call"))
                .post(path).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body(Map.of("type", "fax"))
                .post(path).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("type", "call", "direction", "MISSED", "occurredAt", "2099-01-01T00:00:00Z"))
                .post(path).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("type", "custom", "kind", "x", "title", "t", "link", "javascript:alert(1)"))
                .post(path).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.agent(TestEvents.tenant(), "x")).contentType("application/json")
                .body(Map.of("type", "custom", "kind", "x", "title", "t")).post(path)
                .then().statusCode(404).contentType("application/problem+json");

        await().atMost(DEADLINE).until(() -> timeline(tenant, customer, "types=timeline.activity_logged,timeline.email_campaign_sent")
                .getList("items").size() == 2);
        JsonPath page = timeline(tenant, customer, "types=timeline.activity_logged");
        assertEquals("Invoice 42 paid", page.getString("items[0].summary"));
        assertEquals("https://erp.example.com/42", page.getString("items[0].data.link"));
    }

    @Test
    void indicatorsFollowConversationsInteractionsAndCampaigns() {
        String tenant = TestEvents.tenant();
        String customer = UUID.randomUUID().toString();
        String conversation = UUID.randomUUID().toString();
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10);
        EventType[] flow = {EventType.CONVERSATION_CREATED, EventType.CONVERSATION_MESSAGE_CREATED,
                EventType.CONVERSATION_MESSAGE_CREATED, EventType.CONVERSATION_STATUS_CHANGED};
        UUID last = null;
        for (int i = 0; i < flow.length; i++) {
            ObjectNode data = TestEvents.fixture(flow[i], customer);
            data.put("conversationId", conversation);
            if (data.has("channel")) {
                data.put("channel", "whatsapp");
            }
            ((ObjectNode) data.get("state")).put("status", i == 3 ? "RESOLVED" : "OPEN");
            last = TestEvents.publish(flow[i], tenant, customer, conversation, i + 1, t0.plusSeconds(i), data);
        }
        ObjectNode created = TestEvents.fixture(EventType.CUSTOMER_CREATED, customer);
        TestEvents.publish(EventType.CUSTOMER_CREATED, tenant, customer, customer, 1, t0, created);
        UUID finalLast = last;
        await().atMost(DEADLINE).until(() -> ProjectionTest.entryVisible(tenant, customer, finalLast)
                && timeline(tenant, customer, "").getList("items").size() == 5);
        String token = TestTokens.agent(tenant, "agent-ana");
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("type", "call", "direction", "OUTGOING", "durationSeconds", 30))
                .post("/api/v1/timelines/" + customer + "/activities").then().statusCode(201);
        await().atMost(DEADLINE).until(() -> timeline(tenant, customer, "").getList("items").size() == 6);

        JsonPath all = given().auth().oauth2(token).get("/api/v1/timelines/" + customer + "/indicators")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(Map.of("RESOLVED", 1), all.getMap("conversationsByStatus"));
        assertEquals(Map.of("whatsapp", 1), all.getMap("conversationsByChannel"));
        assertEquals(Map.of("whatsapp", 2, "phone", 1), all.getMap("interactionsByChannel"));
        assertEquals("whatsapp", all.getString("channelPreference"));
        String campaign = created.path("origin").path("campaign").asText();
        assertEquals(Map.of(campaign, 1), all.getMap("byCampaign"));
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), all.getString("lastInteractionAt").substring(0, 10));

        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        JsonPath later = given().auth().oauth2(token).get("/api/v1/timelines/" + customer + "/indicators?from=" + tomorrow)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(Map.of(), later.getMap("conversationsByStatus"));
        assertEquals(Map.of(), later.getMap("interactionsByChannel"));
        assertNull(later.get("channelPreference"));
        given().auth().oauth2(TestTokens.agent(TestEvents.tenant(), "x")).get("/api/v1/timelines/" + customer + "/indicators")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token).get("/api/v1/timelines/" + customer + "/indicators?from=soon")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
