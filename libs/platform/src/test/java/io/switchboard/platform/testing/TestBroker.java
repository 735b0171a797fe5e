package io.switchboard.platform.testing;

import io.switchboard.contracts.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/** The real broker the tests run against, and events published to it the way the relay does (CloudEvents binary mode). */
public final class TestBroker {

    private static KafkaProducer<String, String> producer;

    /** The broker's address: {@code -Dkafka.bootstrap.servers}, else {@code SWITCHBOARD_KAFKA_BOOTSTRAP}, else the local one. */
    public static String bootstrap() {
        return System.getProperty("kafka.bootstrap.servers",
                System.getenv().getOrDefault("SWITCHBOARD_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
    }

    /** One producer for the test JVM (acks from all replicas), closed with it. */
    public static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /**
     * Publishes one event with the relay's headers and waits for the broker's ack. {@code customerId} and
     * {@code time} may be null (not sent).
     */
    public static void publish(String topic, String type, UUID id, String tenant, String customerId, String aggregateId,
            long sequence, OffsetDateTime time, String json) {
        publish(topic, type, id, tenant, customerId, aggregateId, sequence, time, json, null);
    }

    /**
     * {@link #publish} as if the relay had sent it at {@code time}: the record's own timestamp is {@code time} too,
     * the one the broker's retention goes by (history older than any retention a topic might have).
     */
    public static void publishAsOf(String topic, String type, UUID id, String tenant, String customerId,
            String aggregateId, long sequence, OffsetDateTime time, String json) {
        publish(topic, type, id, tenant, customerId, aggregateId, sequence, time, json, time.toInstant().toEpochMilli());
    }

    private static void publish(String topic, String type, UUID id, String tenant, String customerId, String aggregateId,
            long sequence, OffsetDateTime time, String json, Long timestamp) {
        RecordHeaders h = new RecordHeaders();
        add(h, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        add(h, CloudEventHeaders.ID, id.toString());
        add(h, CloudEventHeaders.TYPE, type);
        add(h, CloudEventHeaders.SOURCE, "/switchboard/test");
        if (time != null) {
            add(h, CloudEventHeaders.TIME, time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)); // as the relay writes it
        }
        add(h, CloudEventHeaders.SUBJECT, aggregateId);
        add(h, CloudEventHeaders.DATA_CONTENT_TYPE, CloudEventHeaders.JSON);
        add(h, CloudEventHeaders.TENANT_ID, tenant);
        add(h, CloudEventHeaders.SEQUENCE, Long.toString(sequence));
        if (customerId != null) {
            add(h, CloudEventHeaders.CUSTOMER_ID, customerId);
        }
        send(new ProducerRecord<>(topic, null, timestamp, aggregateId, json, h));
    }

    /** Sends a record as built (for records a test deliberately malforms) and waits for the ack. */
    public static void send(ProducerRecord<String, String> record) {
        try {
            producer().send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + record.topic(), e);
        }
    }

    private static void add(RecordHeaders h, String name, String value) {
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private TestBroker() {
    }
}
