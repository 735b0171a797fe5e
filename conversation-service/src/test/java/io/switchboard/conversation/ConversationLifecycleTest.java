package io.switchboard.conversation;

import static io.switchboard.conversation.Fixtures.admin;
import static io.switchboard.conversation.Fixtures.agent;
import static io.switchboard.conversation.Fixtures.bot;
import static io.switchboard.conversation.Fixtures.events;
import static io.switchboard.conversation.Fixtures.inbound;
import static io.switchboard.conversation.Fixtures.json;
import static io.switchboard.conversation.Fixtures.sequences;
import static io.switchboard.conversation.Fixtures.tenant;
import static io.switchboard.conversation.Fixtures.types;
import static io.switchboard.conversation.InboundTest.problem;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.testing.KafkaProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The attention rules (unread, activity, status, chatbot: docs/ARCHITECTURE.md) through the API, each change asserted on the real broker with its state. */
@QuarkusTest
class ConversationLifecycleTest extends EventsTest {

    private static JsonNode state(ConsumerRecord<String, String> r) {
        return json(r).get("state");
    }

    @Test
    void unreadAndActivityFollowTheOpenChannelRules() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String contact = "c-" + UUID.randomUUID();
        String id = Fixtures.conversation(key, contact); // created, message, activity_opened (1..3)
        admin(tenant).get(base(id)).then().statusCode(200).body("unread", equalTo(true)).body("activityOpen", equalTo(true))
                .body("status", equalTo("OPEN"));

        // An agent's reply reads the chat; the activity stays open (still needs attention: green).
        agent(tenant, "ana").body(Map.of("text", "Hola, ¿en qué ayudo?")).post(base(id) + "/messages").then()
                .statusCode(201).body("sequence", equalTo(2)).body("direction", equalTo("OUTGOING"))
                .body("author.kind", equalTo("AGENT")).body("author.id", equalTo("ana"));
        var reply = events(probe, id, 4).get(3);
        assertEquals("conversation.message_created", types(List.of(reply)).get(0));
        assertFalse(state(reply).get("unread").asBoolean());
        assertTrue(state(reply).get("activityOpen").asBoolean());

        // By hand: unread, then read; repeating either changes nothing and publishes nothing.
        agent(tenant, "ana").post(base(id) + "/unread").then().statusCode(200).body("unread", equalTo(true));
        agent(tenant, "ana").post(base(id) + "/unread").then().statusCode(200).body("unread", equalTo(true));
        agent(tenant, "ana").post(base(id) + "/read").then().statusCode(200).body("unread", equalTo(false));
        agent(tenant, "ana").post(base(id) + "/read").then().statusCode(200);
        var afterMarks = events(probe, id, 6);
        assertEquals(List.of("conversation.marked_unread", "conversation.read"), types(afterMarks.subList(4, 6)));
        assertTrue(state(afterMarks.get(4)).get("unread").asBoolean());
        assertEquals("AGENT", json(afterMarks.get(5)).get("actor").get("kind").asText());
        assertEquals("ana", json(afterMarks.get(5)).get("actor").get("id").asText());

        // The agent completes the activity (grey); a second completion is a conflict.
        agent(tenant, "ana").post(base(id) + "/activity/complete").then().statusCode(200).body("activityOpen", equalTo(false));
        problem(agent(tenant, "ana").post(base(id) + "/activity/complete"), 409);
        var completed = events(probe, id, 7).get(6);
        assertEquals("conversation.activity_completed", types(List.of(completed)).get(0));
        JsonNode data = json(completed);
        assertTrue(data.hasNonNull("openedAt") && data.hasNonNull("completedAt"));
        String firstActivity = data.get("activityId").asText();

        // The customer writes again: unread again, and a new activity.
        inbound(key, contact, "Otra pregunta").then().statusCode(201).body("sequence", equalTo(3));
        var again = events(probe, id, 9);
        assertEquals(List.of("conversation.message_created", "conversation.activity_opened"), types(again.subList(7, 9)));
        assertTrue(state(again.get(7)).get("unread").asBoolean());
        assertNotEquals(firstActivity, json(again.get(8)).get("activityId").asText());
        assertEquals(LongStream.rangeClosed(1, 9).boxed().toList(), sequences(again));
    }

    @Test
    void statusTransitionsAndReopening() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String contact = "c-" + UUID.randomUUID();
        String id = Fixtures.conversation(key, contact);

        problem(admin(tenant).body(Map.of("status", "CLOSED")).put(base(id) + "/status"), 400);
        problem(admin(tenant).body(Map.of()).put(base(id) + "/status"), 400);
        problem(admin(tenant).body(Map.of("status", "OPEN")).put(base(id) + "/status"), 409);
        problem(admin(tenant).body(Map.of("status", "SNOOZED")).put(base(id) + "/status"), 400);
        problem(admin(tenant).body(Map.of("status", "SNOOZED", "until", "2020-01-01T00:00:00Z")).put(base(id) + "/status"), 400);
        problem(admin(tenant).body(Map.of("status", "SNOOZED", "until", "tomorrow")).put(base(id) + "/status"), 400);
        problem(admin(tenant).body(Map.of("status", "PENDING", "until", Instant.now().plusSeconds(60).toString()))
                .put(base(id) + "/status"), 400);
        problem(admin(tenant).body("{\"status\": \"RESOLVED\"").put(base(id) + "/status"), 400);
        assertEquals(3, probe.drain(r -> id.equals(r.key()), Duration.ofMillis(800)).size(), "nothing published by bad input");

        // Resolving completes the open activity.
        admin(tenant).body(Map.of("status", "RESOLVED")).put(base(id) + "/status").then().statusCode(200)
                .body("status", equalTo("RESOLVED")).body("activityOpen", equalTo(false));
        var resolved = events(probe, id, 5);
        assertEquals(List.of("conversation.status_changed", "conversation.activity_completed"), types(resolved.subList(3, 5)));
        assertEquals("OPEN", json(resolved.get(3)).get("status").get("from").asText());
        assertEquals("RESOLVED", json(resolved.get(3)).get("status").get("to").asText());
        problem(admin(tenant).body(Map.of("status", "PENDING")).put(base(id) + "/status"), 409);

        // A customer message reopens a resolved chat (and opens a new activity).
        inbound(key, contact, "Volví").then().statusCode(201).body("conversationCreated", equalTo(false));
        var reopened = events(probe, id, 8);
        assertEquals(List.of("conversation.status_changed", "conversation.message_created", "conversation.activity_opened"),
                types(reopened.subList(5, 8)));
        assertEquals("CUSTOMER", json(reopened.get(5)).get("actor").get("kind").asText());
        assertEquals("OPEN", state(reopened.get(7)).get("status").asText());

        // Snoozed until a time: it wakes by itself then (SYSTEM).
        String until = Instant.now().plusSeconds(1).toString();
        admin(tenant).body(Map.of("status", "SNOOZED", "until", until)).put(base(id) + "/status").then().statusCode(200)
                .body("status", equalTo("SNOOZED")).body("snoozedUntil", notNullValue());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                admin(tenant).get(base(id)).then().body("status", equalTo("OPEN")).body("snoozedUntil", equalTo(null)));
        var woke = events(probe, id, 10);
        assertEquals("SNOOZED", json(woke.get(9)).get("status").get("from").asText());
        assertEquals("SYSTEM", json(woke.get(9)).get("actor").get("kind").asText());

        // A customer message also reopens a snoozed chat before its time.
        admin(tenant).body(Map.of("status", "SNOOZED", "until", Instant.now().plusSeconds(3600).toString()))
                .put(base(id) + "/status").then().statusCode(200);
        inbound(key, contact, "¿Hola?").then().statusCode(201);
        admin(tenant).get(base(id)).then().body("status", equalTo("OPEN"));
        assertEquals(LongStream.rangeClosed(1, 13).boxed().toList(), sequences(events(probe, id, 13)));
    }

    @Test
    void aChatbotKeepsTheChatPendingUntilAnAgentReplies() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String id = Fixtures.conversation(key, "c-" + UUID.randomUUID());

        bot(key).body(Map.of("active", true)).put(base(id) + "/chatbot").then().statusCode(200)
                .body("chatbotActive", equalTo(true)).body("status", equalTo("PENDING"));
        // The bot's own reply leaves the chat unread for the team.
        bot(key).body(Map.of("text", "Soy un bot")).post(base(id) + "/messages").then().statusCode(201)
                .body("author.kind", equalTo("BOT"));
        admin(tenant).get(base(id)).then().body("unread", equalTo(true)).body("status", equalTo("PENDING"));

        agent(tenant, "ana").body(Map.of("text", "Te atiendo yo")).post(base(id) + "/messages").then().statusCode(201);
        admin(tenant).get(base(id)).then().body("chatbotActive", equalTo(false)).body("status", equalTo("OPEN"))
                .body("unread", equalTo(false));
        var records = events(probe, id, 9);
        assertEquals(List.of("conversation.chatbot_activated", "conversation.status_changed", "conversation.message_created",
                "conversation.message_created", "conversation.chatbot_deactivated", "conversation.status_changed"),
                types(records.subList(3, 9)));
        var last = state(records.get(8));
        assertEquals("OPEN", last.get("status").asText());
        assertFalse(last.get("chatbotActive").asBoolean());
        problem(admin(tenant).body(Map.of()).put(base(id) + "/chatbot"), 400);
    }

    @Test
    void repliesAreIdempotentAndValidated() throws Exception {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String id = Fixtures.conversation(key, "c-" + UUID.randomUUID());

        String idem = UUID.randomUUID().toString();
        List<Response> answers = InboundTest.parallel(10, i -> agent(tenant, "ana").header("Idempotency-Key", idem)
                .body(Map.of("text", "Una sola vez")).post(base(id) + "/messages"));
        Set<String> ids = new HashSet<>();
        long created = answers.stream().filter(a -> a.statusCode() == 201).count();
        answers.forEach(a -> {
            assertTrue(a.statusCode() == 200 || a.statusCode() == 201, a.asString());
            ids.add(a.path("id"));
        });
        assertEquals(1, created);
        assertEquals(1, ids.size());

        problem(agent(tenant, "ana").body(Map.of("text", "")).post(base(id) + "/messages"), 400);
        problem(agent(tenant, "ana").body(Map.of("text", "x".repeat(4097))).post(base(id) + "/messages"), 400);
        problem(agent(tenant, "ana").body(Map.of()).post(base(id) + "/messages"), 400);
        problem(agent(tenant, "ana").body("not json").post(base(id) + "/messages"), 400);
        problem(agent(tenant, "ana").body(Map.of("text", 42, "clientMessageId", List.of())).post(base(id) + "/messages"), 400);

        admin(tenant).get(base(id) + "/messages?after=0&limit=1").then().statusCode(200)
                .body("items", hasSize(1)).body("nextAfter", equalTo(1));
        admin(tenant).get(base(id) + "/messages?after=1&limit=5").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].text", equalTo("Una sola vez")).body("nextAfter", equalTo(null));
        problem(admin(tenant).get(base(id) + "/messages?limit=0"), 400);
        problem(admin(tenant).get(base(id) + "/messages?after=abc"), 400);
        assertEquals(4, probe.drain(r -> id.equals(r.key()), Duration.ofMillis(800)).size(),
                "created, message, activity, one reply; bad input published nothing");
    }

    @Test
    void anotherTenantsConversationIsNotFoundEverywhere() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String id = Fixtures.conversation(key, "c-" + UUID.randomUUID());
        String other = tenant();
        String otherKey = Fixtures.botKey(other);

        problem(admin(other).get(base(id)), 404);
        problem(admin(other).get(base(id) + "/messages"), 404);
        problem(agent(other, "x").body(Map.of("text", "hi")).post(base(id) + "/messages"), 404);
        problem(bot(otherKey).body(Map.of("text", "hi")).post(base(id) + "/messages"), 404);
        problem(admin(other).post(base(id) + "/read"), 404);
        problem(admin(other).post(base(id) + "/unread"), 404);
        problem(admin(other).body(Map.of("status", "RESOLVED")).put(base(id) + "/status"), 404);
        problem(admin(other).body(Map.of("agentId", "x")).put(base(id) + "/assignee"), 404);
        problem(admin(other).delete(base(id) + "/assignee"), 404);
        problem(admin(other).body(Map.of("active", true)).put(base(id) + "/chatbot"), 404);
        problem(admin(other).post(base(id) + "/activity/complete"), 404);
        problem(admin(other).body(Map.of("text", "x", "sendAt", Instant.now().plusSeconds(60).toString()))
                .post(base(id) + "/scheduled-messages"), 404);
        problem(admin(other).get("/api/v1/conversations/not-a-uuid"), 404);
        admin(tenant).get(base(id)).then().statusCode(200).body("unread", equalTo(true)).body("assigneeId", equalTo(null))
                .body("status", equalTo("OPEN"));
        problem(io.restassured.RestAssured.given().get(base(id)), 401);
    }
}
