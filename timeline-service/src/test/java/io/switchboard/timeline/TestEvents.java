package io.switchboard.timeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.contracts.EventType;
import io.switchboard.platform.testing.TestBroker;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Events for the timeline: golden fixtures, published to the real broker the way the relay does ({@link TestBroker}). */
final class TestEvents {

    static final ObjectMapper MAPPER = new ObjectMapper();

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
        TestBroker.publish(topic, type, id, tenant, customerId, aggregateId, sequence, time, json(data));
    }

    static String json(Object data) {
        try {
            return data instanceof String s ? s : MAPPER.writeValueAsString(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
