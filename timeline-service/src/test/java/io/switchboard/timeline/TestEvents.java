package io.switchboard.timeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.contracts.EventType;
import java.io.InputStream;
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

/** Publishes events to the real broker the way the relay does: CloudEvents binary mode, keyed by aggregate. */
final class TestEvents {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static KafkaProducer<String, String> producer;

    static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv().getOrDefault("SWITCHBOARD_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /** The golden fixture of a type, with its customer id replaced. */
    static ObjectNode fixture(EventType type, String customerId) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(type.fixturePath())) {
            ObjectNode node = (ObjectNode) MAPPER.readTree(in);
            if (node.has("customerId")) {
                node.put("customerId", customerId);
            }
            return node;
        } catch (Exception e) {
            throw new IllegalStateException("fixture " + type.fixturePath(), e);
        }
    }

    static UUID publish(EventType type, String tenant, String customerId, String aggregateId, long sequence,
            OffsetDateTime time, Object data) {
        UUID id = UUID.randomUUID();
        publish(type.topic(), type.typeName(), id, tenant, customerId, aggregateId, sequence, time, data);
        return id;
    }

    static void publish(String topic, String type, UUID id, String tenant, String customerId, String aggregateId,
            long sequence, OffsetDateTime time, Object data) {
        RecordHeaders h = new RecordHeaders();
        add(h, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        add(h, CloudEventHeaders.ID, id.toString());
        add(h, CloudEventHeaders.TYPE, type);
        add(h, CloudEventHeaders.SOURCE, "/switchboard/test");
        add(h, CloudEventHeaders.TIME, time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)); // as the relay writes it
        add(h, CloudEventHeaders.SUBJECT, aggregateId);
        add(h, CloudEventHeaders.DATA_CONTENT_TYPE, CloudEventHeaders.JSON);
        add(h, CloudEventHeaders.TENANT_ID, tenant);
        add(h, CloudEventHeaders.SEQUENCE, Long.toString(sequence));
        if (customerId != null) {
            add(h, CloudEventHeaders.CUSTOMER_ID, customerId);
        }
        send(new ProducerRecord<>(topic, null, aggregateId, json(data), h));
    }

    static void send(ProducerRecord<String, String> record) {
        try {
            producer().send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(Object data) {
        try {
            return data instanceof String s ? s : MAPPER.writeValueAsString(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void add(RecordHeaders h, String name, String value) {
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static io.restassured.path.json.JsonPath read(String json) {
        return new io.restassured.path.json.JsonPath(json);
    }

    static String tenant() {
        return "t-" + UUID.randomUUID();
    }

    private TestEvents() {
    }
}
