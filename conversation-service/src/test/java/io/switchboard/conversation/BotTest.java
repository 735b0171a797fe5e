package io.switchboard.conversation;

import static io.restassured.RestAssured.given;
import static io.switchboard.conversation.Fixtures.admin;
import static io.switchboard.conversation.Fixtures.agent;
import static io.switchboard.conversation.Fixtures.bot;
import static io.switchboard.conversation.Fixtures.tenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.security.ApiKeys;
import io.switchboard.platform.testing.KafkaProbe;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BotTest extends EventsTest {

    @Inject
    Pool pool;

    @Test
    void adminCreatesListsAndDeletesBotsWithEvents() {
        String tenant = tenant();
        var created = admin(tenant).body(Map.of("name", "Order bot")).post("/api/v1/bots").then().statusCode(201)
                .body("name", equalTo("Order bot")).body("apiKey", startsWith(ApiKeys.PREFIX))
                .body("createdAt", notNullValue()).extract();
        String id = created.path("id");
        String key = created.path("apiKey");

        admin(tenant).get("/api/v1/bots").then().statusCode(200).body("", hasSize(1))
                .body("[0].id", equalTo(id)).body("[0].apiKey", equalTo(null));
        // The key works at once, for its tenant.
        Fixtures.inbound(key, "c-" + UUID.randomUUID(), "Hola").then().statusCode(201);

        var createdEvent = probe.await(KafkaProbe.headerIs(CloudEventHeaders.SUBJECT, id), 1, Duration.ofSeconds(20));
        assertEquals("bot.created", KafkaProbe.header(createdEvent.get(0), CloudEventHeaders.TYPE));
        assertEquals("1", KafkaProbe.header(createdEvent.get(0), CloudEventHeaders.SEQUENCE));
        assertEquals(tenant, KafkaProbe.header(createdEvent.get(0), CloudEventHeaders.TENANT_ID));
        assertEquals(ApiKeys.hash(key), Fixtures.json(createdEvent.get(0)).get("keyHash").asText());

        // Another tenant's admin neither sees nor deletes it.
        String other = tenant();
        admin(other).get("/api/v1/bots").then().statusCode(200).body("", hasSize(0));
        admin(other).delete("/api/v1/bots/" + id).then().statusCode(404).contentType("application/problem+json");

        admin(tenant).delete("/api/v1/bots/" + id).then().statusCode(204);
        admin(tenant).delete("/api/v1/bots/" + id).then().statusCode(404);
        admin(tenant).get("/api/v1/bots").then().statusCode(200).body("", hasSize(0));
        Fixtures.inbound(key, "c-" + UUID.randomUUID(), "Hola").then().statusCode(401)
                .contentType("application/problem+json");

        var events = probe.await(KafkaProbe.headerIs(CloudEventHeaders.SUBJECT, id), 2, Duration.ofSeconds(20));
        assertEquals("bot.deleted", KafkaProbe.header(events.get(1), CloudEventHeaders.TYPE));
        assertEquals("2", KafkaProbe.header(events.get(1), CloudEventHeaders.SEQUENCE));
        assertEquals(2, probe.drain(KafkaProbe.headerIs(CloudEventHeaders.SUBJECT, id), Duration.ofMillis(500)).size());
    }

    @Test
    void onlyAdminsManageBots() {
        String tenant = tenant();
        agent(tenant, "a1").body(Map.of("name", "x")).post("/api/v1/bots").then().statusCode(403)
                .contentType("application/problem+json");
        given().contentType("application/json").body(Map.of("name", "x")).post("/api/v1/bots").then().statusCode(401);
        admin(tenant).body(Map.of("name", "")).post("/api/v1/bots").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("name"));
        admin(tenant).body("{\"name\": ").post("/api/v1/bots").then().statusCode(400)
                .contentType("application/problem+json");
        admin(tenant).get("/api/v1/bots").then().statusCode(200).body("", hasSize(0));
        // A bot key is not an admin.
        String key = Fixtures.botKey(tenant);
        bot(key).get("/api/v1/bots").then().statusCode(403);
    }

    @Test
    void aKeyDeletedOnAnotherReplicaIsRefusedHereWithinASecond() {
        String tenant = tenant();
        var created = admin(tenant).body(Map.of("name", "Farm bot")).post("/api/v1/bots").then().statusCode(201).extract();
        String key = created.path("apiKey");
        Fixtures.inbound(key, "c-" + UUID.randomUUID(), "Hola").then().statusCode(201);

        // What another replica's DELETE writes; this replica hears nothing of it.
        pool.preparedQuery("UPDATE api_keys SET deleted_at = now() WHERE bot_id = $1")
                .execute(Tuple.of(UUID.fromString(created.path("id")))).await().indefinitely();
        long deleted = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                Fixtures.inbound(key, "c-" + UUID.randomUUID(), "Hola").then().statusCode(401));
        long refusedAfterMillis = (System.nanoTime() - deleted) / 1_000_000;
        assertTrue(refusedAfterMillis <= 1_500, "refused " + refusedAfterMillis + " ms after the delete");
    }

    @Test
    void aBotOverItsRateIsAnswered429WithRetryAfter() throws Exception {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String unknown = "/api/v1/conversations/" + UUID.randomUUID() + "/chatbot";
        // Burst 40 at 20/s in the test profile: 8 callers sending up to 320 requests empty the bucket.
        var answers = InboundTest.parallel(8, i -> {
            io.restassured.response.Response limited = null;
            for (int n = 0; n < 40 && limited == null; n++) {
                var r = bot(key).body(Map.of("active", true)).put(unknown);
                if (r.statusCode() == 429) {
                    limited = r;
                } else {
                    assertEquals(404, r.statusCode());
                }
            }
            return limited;
        });
        var limited = answers.stream().filter(java.util.Objects::nonNull).findFirst();
        assertTrue(limited.isPresent(), "rate limited");
        assertEquals("application/problem+json", limited.get().contentType());
        assertTrue(Integer.parseInt(limited.get().header("Retry-After")) >= 1);
        // Another bot of the same tenant has its own bucket.
        bot(Fixtures.botKey(tenant)).body(Map.of("active", true)).put(unknown).then().statusCode(404);
    }
}
