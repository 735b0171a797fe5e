package io.switchboard.platform.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.switchboard.contracts.Topics;
import io.vertx.pgclient.PgException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hibernate.JDBCException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The dead letter of a record a batch consumer cannot use: its value, key and headers, sent to
 * {@code <topic>.dlq} with the reason. Batch consumers dead-letter record by record themselves (SmallRye's
 * dead-letter strategy works on the whole batch and would take the good records along with the bad one); the
 * header names are SmallRye's, so both kinds of dead letter read the same. Send it through an emitter of the
 * service's own (any outgoing Kafka channel: the topic comes from the metadata).
 */
public final class DeadLetter {

    public static Message<String> of(ConsumerRecord<String, String> record, Throwable reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add("dead-letter-reason", bytes(reason.getMessage()));
        if (reason.getCause() != null) {
            headers.add("dead-letter-cause", bytes(reason.getCause().toString()));
        }
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(record.offset())));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.deadLetter(record.topic())).withKey(record.key()).withHeaders(headers).build();
        return Message.of(record.value() == null ? "" : record.value()).addMetadata(metadata);
    }

    /**
     * Whether a failure is the record's own and will never succeed: SQLSTATE class 22 (data exception) or 23
     * (integrity), anywhere in the cause chain (an ORM wraps the driver's exception). Anything else (connection
     * lost, database restarting, deadlock) is worth retrying.
     */
    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = sqlState(t);
            if (state != null) {
                return state.startsWith("22") || state.startsWith("23");
            }
            if (t instanceof IllegalArgumentException || t instanceof ClassCastException) {
                return true;
            }
        }
        return false;
    }

    /** The SQLSTATE as the reactive driver, Hibernate or JDBC reports it. */
    private static String sqlState(Throwable t) {
        if (t instanceof PgException pg) {
            return pg.getSqlState();
        }
        if (t instanceof JDBCException jdbc) {
            return jdbc.getSQLState();
        }
        return t instanceof SQLException sql ? sql.getSQLState() : null;
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    private DeadLetter() {
    }
}
