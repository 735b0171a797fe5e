package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.switchboard.notification.WebhookReceiverResource.Received;
import io.switchboard.notification.domain.WebhookSignature;
import io.switchboard.platform.testing.TestTokens;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WebhookTest {

    @Test
    void deliveriesAreSignedRetriedUntilTheReceiverIsBackAndKeepTheirId() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        String receiver = UUID.randomUUID().toString();
        WebhookReceiverResource.FAILURES_LEFT.put(receiver, new AtomicInteger(2)); // down for the first two tries
        JsonPath created = create(tenant, receiver, "[\"conversation.created\"]");
        String secret = created.getString("secret");
        assertTrue(secret.startsWith("whsec_"));

        String conversation = UUID.randomUUID().toString();
        try (ConversationEventSender events = new ConversationEventSender()) {
            events.send(tenant, conversation, 1, "conversation.created", "OPEN", null, true, true);
            events.send(tenant, conversation, 2, "conversation.read", "OPEN", null, false, true); // not subscribed
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> calls(receiver).stream().anyMatch(c -> c.status() == 200));
        List<Received> calls = calls(receiver);
        assertEquals(List.of(503, 503, 200), calls.stream().map(Received::status).toList());
        assertEquals(1, calls.stream().map(Received::id).distinct().count(), "one stable webhook-id");
        Received ok = calls.get(2);
        // Standard Webhooks: each attempt signed anew over id.timestamp.body, with a current timestamp.
        assertEquals(WebhookSignature.sign(secret, ok.id(), Long.parseLong(ok.timestamp()), ok.body()), ok.signature());
        assertTrue(ok.signature().startsWith("v1,"));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(ok.timestamp())) < 60, ok.timestamp());
        assertEquals("conversation.created", ok.event());
        JsonNode body = new ObjectMapper().readTree(ok.body());
        assertEquals(ok.id(), body.path("deliveryId").asText());
        assertEquals(conversation, body.path("data").path("conversationId").asText());
        assertEquals(tenant, body.path("tenantid").asText());

        String id = created.getString("id");
        given().auth().oauth2(TestTokens.admin(tenant, "boss")).get("/api/v1/webhooks/" + id + "/deliveries").then()
                .statusCode(200).body("size()", equalTo(1)).body("[0].status", equalTo("DELIVERED"))
                .body("[0].attempts", equalTo(3)).body("[0].id", equalTo(ok.id()));
        // The secret is never shown again; another tenant does not see the webhook at all.
        given().auth().oauth2(TestTokens.admin(tenant, "boss")).get("/api/v1/webhooks").then().statusCode(200)
                .body("[0].secret", equalTo(null)).body("[0].id", equalTo(id));
        given().auth().oauth2(TestTokens.admin("t-" + UUID.randomUUID(), "boss")).get("/api/v1/webhooks/" + id).then()
                .statusCode(404);
        given().auth().oauth2(TestTokens.agent(tenant, "ana")).get("/api/v1/webhooks").then().statusCode(403);
    }

    @Test
    void aDeliveryIsDeadAfterTheLastTryAndCanBeReplayed() {
        String tenant = "t-" + UUID.randomUUID();
        String receiver = UUID.randomUUID().toString();
        WebhookReceiverResource.FAILURES_LEFT.put(receiver, new AtomicInteger(1000));
        String id = create(tenant, receiver, "[\"*\"]").getString("id");
        try (ConversationEventSender events = new ConversationEventSender()) {
            events.send(tenant, UUID.randomUUID().toString(), 1, "conversation.created", "OPEN", null, true, true);
        }
        String admin = TestTokens.admin(tenant, "boss");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin)
                .get("/api/v1/webhooks/" + id + "/deliveries").then().body("[0].status", equalTo("DEAD")));
        assertEquals(3, calls(receiver).size(), "max-attempts in the test profile");
        given().auth().oauth2(admin).get("/api/v1/webhooks/" + id + "/deliveries").then()
                .body("[0].lastStatus", equalTo(503)).body("[0].lastError", notNullValue());

        WebhookReceiverResource.FAILURES_LEFT.get(receiver).set(0); // the bot is back
        given().auth().oauth2(admin).post("/api/v1/webhooks/" + id + "/replay").then().statusCode(200)
                .body("replayed", equalTo(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin)
                .get("/api/v1/webhooks/" + id + "/deliveries").then().body("[0].status", equalTo("DELIVERED")));
        assertEquals(1, calls(receiver).stream().map(Received::id).distinct().count());

        given().auth().oauth2(admin).delete("/api/v1/webhooks/" + id).then().statusCode(204);
        given().auth().oauth2(admin).delete("/api/v1/webhooks/" + id).then().statusCode(404);
    }

    /** The verification docs/webhooks.md shows, run as it is against a real delivery: valid, and not when tampered. */
    @Test
    void theDocumentedVerificationAcceptsARealDeliveryAndRejectsATamperedOrStaleOne() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        String receiver = UUID.randomUUID().toString();
        String secret = create(tenant, receiver, "[\"conversation.created\"]").getString("secret");
        try (ConversationEventSender events = new ConversationEventSender()) {
            events.send(tenant, UUID.randomUUID().toString(), 1, "conversation.created", "OPEN", null, true, true);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !calls(receiver).isEmpty());
        Received d = calls(receiver).get(0);

        assertEquals(0, verify(secret, d.id(), d.timestamp(), d.signature(), d.raw()));
        byte[] tampered = d.body().replace("conversation.created", "conversation.resolved").getBytes(StandardCharsets.UTF_8);
        assertEquals(1, verify(secret, d.id(), d.timestamp(), d.signature(), tampered));
        assertEquals(1, verify(secret, "another-id", d.timestamp(), d.signature(), d.raw()));
        assertEquals(1, verify(WebhookSignature.newSecret(), d.id(), d.timestamp(), d.signature(), d.raw()));
        String stale = Long.toString(Long.parseLong(d.timestamp()) - 600); // a replay of an old delivery, re-signed
        assertEquals(1, verify(secret, d.id(), stale, WebhookSignature.sign(secret, d.id(), Long.parseLong(stale), d.body()),
                d.raw()));
    }

    /** Runs docs/webhooks-verify.sh with the delivery on its standard input; its exit code. */
    private static int verify(String secret, String id, String timestamp, String signature, byte[] body) throws Exception {
        Path script = Path.of("..", "docs", "webhooks-verify.sh").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), id, timestamp, signature).redirectErrorStream(true);
        pb.environment().put("WEBHOOK_SECRET", secret);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(body);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "verification finished");
        assertTrue(out.startsWith(p.exitValue() == 0 ? "valid" : "invalid"), out);
        return p.exitValue();
    }

    @Test
    void aTenantHasAtMostTheConfiguredNumberOfWebhooks() {
        String tenant = "t-" + UUID.randomUUID();
        String admin = TestTokens.admin(tenant, "boss");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) { // max-per-tenant in the test profile
            ids.add(create(tenant, "limit-" + i, "[\"conversation.created\"]").getString("id"));
        }
        String body = "{\"url\":\"http://127.0.0.1:" + RestAssured.port + "/test-receiver/limit-x\",\"eventTypes\":[\"*\"]}";
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/api/v1/webhooks").then()
                .statusCode(409).contentType("application/problem+json").body("detail", containsString("already has 3 webhooks"));
        given().auth().oauth2(admin).get("/api/v1/webhooks").then().statusCode(200).body("size()", equalTo(3));
        // Another tenant is not affected; a deleted webhook frees its place.
        create("t-" + UUID.randomUUID(), "limit-other", "[\"*\"]");
        given().auth().oauth2(admin).delete("/api/v1/webhooks/" + ids.get(0)).then().statusCode(204);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/api/v1/webhooks").then().statusCode(201);
    }

    @Test
    void badSubscriptionsAreRefused() {
        String admin = TestTokens.admin("t-" + UUID.randomUUID(), "boss");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"url\":\"ftp://x\",\"eventTypes\":[\"*\"]}")
                .post("/api/v1/webhooks").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"url\":\"https://bot.example.com/h\",\"eventTypes\":[\"conversation.teleported\"]}")
                .post("/api/v1/webhooks").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"url\":\"https://bot.example.com/h\",\"eventTypes\":[]}")
                .post("/api/v1/webhooks").then().statusCode(400);
        given().auth().oauth2(admin).get("/api/v1/webhooks").then().statusCode(200).body("size()", equalTo(0));
    }

    private static JsonPath create(String tenant, String receiver, String types) {
        return given().auth().oauth2(TestTokens.admin(tenant, "boss")).contentType(ContentType.JSON)
                .body("{\"url\":\"http://127.0.0.1:" + RestAssured.port + "/test-receiver/" + receiver + "\",\"eventTypes\":" + types + "}")
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath();
    }

    private static List<Received> calls(String receiver) {
        return WebhookReceiverResource.CALLS.getOrDefault(receiver, List.of());
    }
}
