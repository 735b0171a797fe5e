package io.switchboard.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.testing.KafkaProbe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The whole way: a bot posts a customer's message → conversation-service commits it with its event → the relay
 * publishes → timeline-service records it → notification-service moves the counter → the agent's socket shows it.
 */
@Order(1)
class WalkingSkeletonTest {

    @Test
    void aBotMessageReachesTheTimelineAndTheAgentsCounterLive() {
        String tenant = Suite.newTenant();
        String apiKey = Suite.createBot(tenant);
        String adminToken = Suite.admin(tenant);

        try (KafkaProbe probe = new KafkaProbe(Topics.CONVERSATION_EVENTS);
             AgentSocket socket = new AgentSocket(Suite.NOTIFICATION, adminToken, null)) {
            var snapshot = socket.await(f -> "snapshot".equals(f.path("type").asText()), Duration.ofSeconds(10));
            assertNotNull(snapshot, "a snapshot on connect");
            long before = snapshot.json().path("counters").path("unassigned").asLong();

            long postedAt = System.nanoTime();
            var created = Suite.inbound(apiKey, "webchat", "visitor-" + tenant, "Hola, ¿tienen envío a Córdoba?", null)
                    .then().statusCode(201).extract();
            String conversationId = created.path("conversationId");
            String customerId = created.path("customerId");
            assertNotNull(conversationId);
            assertNotNull(customerId);

            // The counter frame: the tenant's unassigned queue grew by one.
            var frame = socket.await(f -> "counters".equals(f.path("type").asText())
                    && f.path("counters").path("unassigned").asLong() == before + 1, Duration.ofSeconds(10));
            assertNotNull(frame, "a counters frame with the new unassigned conversation; got " + socket.frames());
            System.out.printf("bot POST → counter frame on the agent's socket: %.1f ms%n",
                    (frame.receivedNanos() - postedAt) / 1e6);
            assertTrue(frame.json().path("sequence").asLong() > snapshot.json().path("sequence").asLong());

            // The event on the broker, with its CloudEvents headers.
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> events = probe.await(
                    r -> conversationId.equals(r.key())
                            && "conversation.message_created".equals(KafkaProbe.header(r, CloudEventHeaders.TYPE)),
                    1, Duration.ofSeconds(10));
            assertEquals(1, events.size());
            var event = events.get(0);
            assertEquals(tenant, KafkaProbe.header(event, CloudEventHeaders.TENANT_ID));
            assertEquals(customerId, KafkaProbe.header(event, CloudEventHeaders.CUSTOMER_ID));
            assertEquals("1.0", KafkaProbe.header(event, CloudEventHeaders.SPEC_VERSION));
            assertNotNull(KafkaProbe.header(event, CloudEventHeaders.SEQUENCE));

            // The timeline shows the message (and the customer's creation) to an agent of the tenant.
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().baseUri(Suite.TIMELINE)
                    .auth().oauth2(adminToken).get("/api/v1/timelines/" + customerId)
                    .then().statusCode(200).body("items.type", hasItem("conversation.message_created")));

            // The customer exists in the CRM, and another tenant sees nothing of any of it.
            given().baseUri(Suite.CUSTOMER).auth().oauth2(adminToken).get("/api/v1/customers/" + customerId)
                    .then().statusCode(200).body("id", equalTo(customerId));
            String stranger = Suite.admin(Suite.newTenant());
            given().baseUri(Suite.CUSTOMER).auth().oauth2(stranger).get("/api/v1/customers/" + customerId)
                    .then().statusCode(404);
            given().baseUri(Suite.CONVERSATION).auth().oauth2(stranger).get("/api/v1/conversations/" + conversationId)
                    .then().statusCode(404);
            given().baseUri(Suite.TIMELINE).auth().oauth2(stranger).get("/api/v1/timelines/" + customerId)
                    .then().statusCode(404);
        }
    }

    @Test
    void aRetriedBotPostIsOneMessage() {
        String tenant = Suite.newTenant();
        String apiKey = Suite.createBot(tenant);
        String first = Suite.inbound(apiKey, "whatsapp", "wa-" + tenant, "¿Hay stock?", "retry-1")
                .then().statusCode(201).extract().path("messageId");
        String again = Suite.inbound(apiKey, "whatsapp", "wa-" + tenant, "¿Hay stock?", "retry-1")
                .then().statusCode(200).extract().path("messageId");
        assertEquals(first, again);
    }

    @Test
    void noCredentialsNoEntry() {
        given().baseUri(Suite.CONVERSATION).get("/api/v1/conversations").then().statusCode(401);
        given().baseUri(Suite.CONVERSATION).header("X-Api-Key", "sbk_made-up").contentType("application/json")
                .body("{}").post("/api/v1/channels/webchat/inbound").then().statusCode(401);
    }
}
