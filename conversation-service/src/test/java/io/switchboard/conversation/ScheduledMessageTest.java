package io.switchboard.conversation;

import static io.switchboard.conversation.Fixtures.admin;
import static io.switchboard.conversation.Fixtures.agent;
import static io.switchboard.conversation.Fixtures.events;
import static io.switchboard.conversation.Fixtures.json;
import static io.switchboard.conversation.Fixtures.tenant;
import static io.switchboard.conversation.Fixtures.types;
import static io.switchboard.conversation.InboundTest.problem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.testing.KafkaProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ScheduledMessageTest extends EventsTest {

    @Test
    void aScheduledMessageIsSentOnceWhileSeveralPollersRace() throws Exception {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String id = Fixtures.conversation(key, "c-" + UUID.randomUUID());
        Instant sendAt = Instant.now().plusMillis(1500);
        String sid = agent(tenant, "ana").body(Map.of("text", "Recordatorio", "sendAt", sendAt.toString()))
                .post(base(id) + "/scheduled-messages").then().statusCode(201)
                .body("status", equalTo("PENDING")).extract().path("id");

        // Six "replicas" poll concurrently, over and over, around the due time (the app's own poller runs too).
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        int sentByTestPollers = 0;
        while (System.nanoTime() < deadline) {
            for (var r : InboundTest.parallel(6, i -> given().post("/test/poll-scheduled"))) {
                assertEquals(200, r.statusCode(), r.asString());
                sentByTestPollers += Integer.parseInt(r.asString());
            }
        }
        assertTrue(sentByTestPollers <= 1);
        admin(tenant).get(base(id) + "/messages").then().statusCode(200).body("items", hasSize(2))
                .body("items[1].text", equalTo("Recordatorio")).body("items[1].author.id", equalTo("ana"));

        var records = events(probe, id, 6);
        assertEquals(List.of("conversation.scheduled_message_created", "conversation.message_created",
                "conversation.scheduled_message_sent"), types(records.subList(3, 6)));
        assertEquals(sid, json(records.get(5)).get("scheduledMessageId").asText());
        assertEquals(6, probe.drain(r -> id.equals(r.key()), Duration.ofSeconds(1)).size(), "sent exactly once");
        assertTrue(!Instant.parse(json(records.get(5)).get("sentAt").asText()).isBefore(sendAt.minusMillis(1)),
                "not before its time");

        // A sent message can no longer be cancelled.
        problem(agent(tenant, "ana").delete(base(id) + "/scheduled-messages/" + sid), 409);
    }

    @Test
    void aRepeatedIdempotencyKeySchedulesOnceEvenWhenTheRepeatsRace() throws Exception {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String id = Fixtures.conversation(key, "c-" + UUID.randomUUID());
        Map<String, String> body = Map.of("text", "Una vez", "sendAt", Instant.now().plusSeconds(3600).toString());
        List<Response> answers = InboundTest.parallel(4, i -> agent(tenant, "ana").header("Idempotency-Key", "sched-1")
                .body(body).post(base(id) + "/scheduled-messages"));
        assertEquals(List.of(200, 200, 200, 201), answers.stream().map(Response::statusCode).sorted().toList(),
                answers.get(0).asString());
        Set<String> ids = answers.stream().map(r -> r.<String>path("id")).collect(Collectors.toSet());
        assertEquals(1, ids.size(), "every answer names the same scheduled message");
        String sid = ids.iterator().next();

        // Cancelled since: a late retry still answers the original, in its present state, and schedules nothing.
        agent(tenant, "ana").delete(base(id) + "/scheduled-messages/" + sid).then().statusCode(204);
        agent(tenant, "ana").header("Idempotency-Key", "sched-1").body(body).post(base(id) + "/scheduled-messages")
                .then().statusCode(200).body("id", equalTo(sid)).body("status", equalTo("CANCELLED"));
        problem(agent(tenant, "ana").header("Idempotency-Key", "x".repeat(200)).body(body).post(base(id) + "/scheduled-messages"), 400);

        // Another key is another message; the conversation's events, in order, show one creation before it.
        String fence = agent(tenant, "ana").header("Idempotency-Key", "sched-2").body(body)
                .post(base(id) + "/scheduled-messages").then().statusCode(201).extract().path("id");
        var records = events(probe, id, 6);
        assertEquals(List.of("conversation.scheduled_message_created", "conversation.scheduled_message_cancelled",
                "conversation.scheduled_message_created"), types(records.subList(3, 6)));
        assertEquals(sid, json(records.get(3)).get("scheduledMessageId").asText());
        assertEquals(fence, json(records.get(5)).get("scheduledMessageId").asText());
    }

    @Test
    void aCancelledMessageIsNeverSent() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String id = Fixtures.conversation(key, "c-" + UUID.randomUUID());
        String sid = agent(tenant, "ana").body(Map.of("text", "No va", "sendAt", Instant.now().plusSeconds(2).toString()))
                .post(base(id) + "/scheduled-messages").then().statusCode(201).extract().path("id");
        agent(tenant, "ana").delete(base(id) + "/scheduled-messages/" + sid).then().statusCode(204);
        agent(tenant, "ana").delete(base(id) + "/scheduled-messages/" + sid).then().statusCode(204);
        problem(admin(tenant()).delete(base(id) + "/scheduled-messages/" + sid), 404);
        problem(agent(tenant, "ana").delete(base(id) + "/scheduled-messages/" + UUID.randomUUID()), 404);

        var records = events(probe, id, 5);
        assertEquals(List.of("conversation.scheduled_message_created", "conversation.scheduled_message_cancelled"),
                types(records.subList(3, 5)));
        // Well past its time, nothing was sent.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                admin(tenant).get(base(id) + "/messages").then().body("items", hasSize(1)));
        assertEquals(5, probe.drain(r -> id.equals(r.key()), Duration.ofMillis(500)).size());
    }

    @Test
    void badSchedulesAreRefused() {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String id = Fixtures.conversation(key, "c-" + UUID.randomUUID());
        String url = base(id) + "/scheduled-messages";
        problem(agent(tenant, "ana").body(Map.of("text", "x", "sendAt", "2020-01-01T00:00:00Z")).post(url), 400);
        problem(agent(tenant, "ana").body(Map.of("text", "x", "sendAt", "next week")).post(url), 400);
        problem(agent(tenant, "ana").body(Map.of("text", "x")).post(url), 400);
        problem(agent(tenant, "ana").body(Map.of("text", "", "sendAt", Instant.now().plusSeconds(60).toString())).post(url), 400);
        problem(agent(tenant, "ana").body(Map.of("text", "x".repeat(4097), "sendAt", Instant.now().plusSeconds(60).toString())).post(url), 400);
        assertEquals(3, probe.drain(KafkaProbe.headerIs(CloudEventHeaders.SUBJECT, id), Duration.ofMillis(800)).size());
    }
}
