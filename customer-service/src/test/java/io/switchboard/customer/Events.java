package io.switchboard.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.platform.testing.KafkaProbe;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Asserts what a customer's commands published on the real broker. */
final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Waits for the customer's event of {@code type} and answers its data; checks key and CloudEvents headers. */
    static JsonNode one(KafkaProbe probe, String customerId, String type, long sequence) {
        List<ConsumerRecord<String, String>> found = probe.await(r -> customerId.equals(r.key())
                && type.equals(KafkaProbe.header(r, CloudEventHeaders.TYPE))
                && Long.toString(sequence).equals(KafkaProbe.header(r, CloudEventHeaders.SEQUENCE)), 1, Duration.ofSeconds(15));
        assertEquals(1, found.size(), type + " #" + sequence + " of " + customerId);
        ConsumerRecord<String, String> r = found.get(0);
        assertEquals(customerId, KafkaProbe.header(r, CloudEventHeaders.CUSTOMER_ID));
        return data(r);
    }

    /** Every event of the customer that arrives within {@code quiet}: for "exactly these, nothing more". */
    static List<String> types(KafkaProbe probe, String customerId, Duration quiet) {
        return probe.drain(r -> customerId.equals(r.key()), quiet).stream()
                .map(r -> KafkaProbe.header(r, CloudEventHeaders.TYPE)).toList();
    }

    static List<Long> sequences(KafkaProbe probe, String customerId, Duration quiet) {
        return probe.drain(r -> customerId.equals(r.key()), quiet).stream()
                .map(r -> Long.parseLong(KafkaProbe.header(r, CloudEventHeaders.SEQUENCE))).toList();
    }

    static JsonNode data(ConsumerRecord<String, String> r) {
        try {
            return JSON.readTree(r.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Events() {
    }
}
