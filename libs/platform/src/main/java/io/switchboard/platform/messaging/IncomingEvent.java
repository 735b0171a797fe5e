package io.switchboard.platform.messaging;

import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.contracts.EventType;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** A consumed CloudEvent: the binary-mode headers plus the raw JSON data. */
public record IncomingEvent(UUID id, String type, String source, OffsetDateTime time, String subject,
        String tenantId, long sequence, String customerId, String traceparent, String data,
        String topic, int partition, long offset) {

    /** Thrown for a record that is not a CloudEvent we can read; consumers dead-letter it. */
    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static IncomingEvent from(ConsumerRecord<String, String> record) {
        Headers h = record.headers();
        try {
            String sequence = header(h, CloudEventHeaders.SEQUENCE);
            String time = header(h, CloudEventHeaders.TIME);
            return new IncomingEvent(
                    UUID.fromString(require(h, CloudEventHeaders.ID)),
                    require(h, CloudEventHeaders.TYPE),
                    header(h, CloudEventHeaders.SOURCE),
                    time == null ? null : OffsetDateTime.parse(time),
                    header(h, CloudEventHeaders.SUBJECT),
                    require(h, CloudEventHeaders.TENANT_ID),
                    sequence == null ? 0 : Long.parseLong(sequence),
                    header(h, CloudEventHeaders.CUSTOMER_ID),
                    header(h, CloudEventHeaders.TRACEPARENT),
                    record.value(),
                    record.topic(), record.partition(), record.offset());
        } catch (RuntimeException e) {
            throw new MalformedEventException("unreadable CloudEvent at " + record.topic() + "/" + record.partition()
                    + "@" + record.offset() + ": " + e.getMessage(), e);
        }
    }

    /** The catalogued type, or empty for a type this build does not know (to be kept or ignored, never failed). */
    public Optional<EventType> knownType() {
        return EventType.fromTypeName(type);
    }

    private static String require(Headers headers, String name) {
        String v = header(headers, name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing header " + name);
        }
        return v;
    }

    private static String header(Headers headers, String name) {
        Header last = headers.lastHeader(name);
        return last == null || last.value() == null ? null : new String(last.value(), StandardCharsets.UTF_8);
    }
}
