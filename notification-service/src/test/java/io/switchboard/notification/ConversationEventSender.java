package io.switchboard.notification;

import io.switchboard.platform.testing.TestBroker;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes conversation events to the real broker the way conversation-service's relay does (binary-mode
 * CloudEvents, key = conversation id), and can publish the very same record again (same ce_id) to test
 * redeliveries.
 */
final class ConversationEventSender implements AutoCloseable {

    /** One event as it travels: kept so a test can send it again, duplicated or out of order. */
    record Sent(String id, String tenant, String conversationId, long sequence, String type, String json) {
    }

    /** The customer of a test conversation: a UUID derived from the conversation id, as customer ids are UUIDs. */
    static String customerOf(String conversationId) {
        return UUID.nameUUIDFromBytes(("cust-" + conversationId).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** A conversation event carrying the conversation's state after it. */
    Sent event(String tenant, String conversationId, long sequence, String type, String status, String assignee,
            boolean unread, boolean activityOpen) {
        String json = """
                {"conversationId":"%s","customerId":"%s","state":{"status":"%s","assigneeId":%s,"unread":%s,
                 "activityOpen":%s,"chatbotActive":false},"actor":{"kind":"SYSTEM","id":null}}"""
                .formatted(conversationId, customerOf(conversationId), status, assignee == null ? "null" : "\"" + assignee + "\"",
                        unread, activityOpen);
        return new Sent(UUID.randomUUID().toString(), tenant, conversationId, sequence, type, json);
    }

    Sent send(Sent e) {
        return send(e.id(), e.tenant(), e.conversationId(), e.sequence(), e.type(), e.json());
    }

    Sent send(String tenant, String conversationId, long sequence, String type, String status, String assignee,
            boolean unread, boolean activityOpen) {
        return send(event(tenant, conversationId, sequence, type, status, assignee, unread, activityOpen));
    }

    Sent send(String id, String tenant, String conversationId, long sequence, String type, String json) {
        sendTo("conversation.events", id, tenant, conversationId, sequence, type, json);
        return new Sent(id, tenant, conversationId, sequence, type, json);
    }

    /** Any event on any topic, keyed by its aggregate (the subject). */
    void sendTo(String topic, String id, String tenant, String subject, long sequence, String type, String json) {
        TestBroker.publish(topic, type, UUID.fromString(id), tenant, customerOf(subject), subject, sequence,
                OffsetDateTime.now(), json);
    }

    /** A record that is no CloudEvent at all (no headers): must be dead-lettered, never stop the consumer. */
    void sendGarbage(String key, String value) {
        TestBroker.send(new ProducerRecord<>("conversation.events", key, value));
    }

    @Override
    public void close() {
        // The producer is the test JVM's (TestBroker): nothing of this sender's own to close.
    }
}
