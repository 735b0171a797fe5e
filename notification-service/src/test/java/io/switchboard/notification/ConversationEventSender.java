package io.switchboard.notification;

import io.switchboard.contracts.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes conversation events to the real broker the way conversation-service's relay does (binary-mode
 * CloudEvents, key = conversation id), and can publish the very same record again (same ce_id) to test
 * redeliveries.
 */
final class ConversationEventSender implements AutoCloseable {

    /** One event as it travels: kept so a test can send it again, duplicated or out of order. */
    record Sent(String id, String tenant, String conversationId, long sequence, String type, String json) {
    }

    private final KafkaProducer<String, String> producer;

    ConversationEventSender() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
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
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, subject, json);
        header(r, CloudEventHeaders.SPEC_VERSION, "1.0");
        header(r, CloudEventHeaders.ID, id);
        header(r, CloudEventHeaders.TYPE, type);
        header(r, CloudEventHeaders.SOURCE, "/switchboard/test");
        header(r, CloudEventHeaders.TIME, OffsetDateTime.now().toString());
        header(r, CloudEventHeaders.SUBJECT, subject);
        header(r, CloudEventHeaders.TENANT_ID, tenant);
        header(r, CloudEventHeaders.SEQUENCE, Long.toString(sequence));
        header(r, CloudEventHeaders.CUSTOMER_ID, customerOf(subject));
        try {
            producer.send(r).get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A record that is no CloudEvent at all (no headers): must be dead-lettered, never stop the consumer. */
    void sendGarbage(String key, String value) {
        try {
            producer.send(new ProducerRecord<>("conversation.events", key, value)).get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void header(ProducerRecord<String, String> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
