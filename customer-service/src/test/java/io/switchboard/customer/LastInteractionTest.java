package io.switchboard.customer;

import static io.switchboard.customer.Fixtures.agent;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.testing.KafkaProbe;
import io.switchboard.platform.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** conversation.message_created on the real broker moves last_interaction_at, once per event, never back. */
@QuarkusTest
class LastInteractionTest {

    private static void publish(String tenant, String eventId, String type, String customerId, String value) {
        ProducerRecord<String, String> r = new ProducerRecord<>(Topics.CONVERSATION_EVENTS, UUID.randomUUID().toString(), value);
        if (eventId != null) {
            r.headers().add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8));
        }
        r.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.TENANT_ID, tenant.getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.SEQUENCE, "1".getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.TIME, "2026-11-23T10:00:00Z".getBytes(StandardCharsets.UTF_8));
        if (customerId != null) {
            r.headers().add(CloudEventHeaders.CUSTOMER_ID, customerId.getBytes(StandardCharsets.UTF_8));
        }
        TestBroker.send(r); // built by hand: some of these records are malformed on purpose
    }

    private static String message(String customerId, String createdAt, String direction) {
        return """
                {"conversationId":"%s","customerId":"%s","messageId":"%s","messageSequence":1,"channel":"whatsapp",
                 "direction":"%s","text":"Hola","createdAt":"%s",
                 "state":{"status":"OPEN","assigneeId":null,"unread":true,"activityOpen":true,"chatbotActive":false},
                 "actor":{"kind":"CUSTOMER","id":"%s"},"someFutureField":42}"""
                .formatted(UUID.randomUUID(), customerId, UUID.randomUUID(), direction, createdAt, customerId);
    }

    @Test
    void messagesMoveLastInteractionOncePerEventAndBadRecordsAreDeadLettered() {
        String tenant = Fixtures.tenant();
        String id = Fixtures.newCustomer(tenant);
        String path = "/api/v1/customers/" + id;
        String updatedAt = agent(tenant, "ana").get(path).then().extract().path("updatedAt");

        try (KafkaProbe dlq = new KafkaProbe(Topics.deadLetter(Topics.CONVERSATION_EVENTS))) {
            // Unreadable records first: they must not stop the consumer.
            publish(tenant, null, "conversation.message_created", id, message(id, "2026-11-23T10:00:00Z", "INCOMING"));
            String badJson = UUID.randomUUID().toString();
            publish(tenant, badJson, "conversation.message_created", id, "{not json");
            publish(tenant, UUID.randomUUID().toString(), "conversation.something_new", id, "{}"); // unknown: ignored

            String first = UUID.randomUUID().toString();
            publish(tenant, first, "conversation.message_created", id, message(id, "2026-11-23T10:00:00Z", "INCOMING"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> agent(tenant, "ana").get(path).then()
                    .body("lastInteractionAt", equalTo("2026-11-23T10:00:00Z")));

            // A redelivery of an event already applied is skipped, even if it would move the time.
            publish(tenant, first, "conversation.message_created", id, message(id, "2026-11-23T12:00:00Z", "INCOMING"));
            // An older message (reordered) never moves it back; a newer one moves it forward.
            publish(tenant, UUID.randomUUID().toString(), "conversation.message_created", id,
                    message(id, "2026-11-23T09:00:00Z", "OUTGOING"));
            publish(tenant, UUID.randomUUID().toString(), "conversation.message_created", id,
                    message(id, "2026-11-23T11:00:00Z", "OUTGOING"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> agent(tenant, "ana").get(path).then()
                    .body("lastInteractionAt", equalTo("2026-11-23T11:00:00Z")));

            // At least once: the other services consuming conversation.events dead-letter it to the same topic too.
            assertTrue(dlq.await(KafkaProbe.headerIs(CloudEventHeaders.ID, badJson), 1, Duration.ofSeconds(10)).size() >= 1,
                    "the unreadable record is dead-lettered");
        }
        // The message did not change the profile: no customer event for it.
        agent(tenant, "ana").get(path).then().body("updatedAt", equalTo(updatedAt));
    }
}
