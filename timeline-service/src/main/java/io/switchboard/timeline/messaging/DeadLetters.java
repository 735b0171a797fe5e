package io.switchboard.timeline.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.switchboard.contracts.Topics;
import io.switchboard.timeline.config.TimelineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends a record the projection cannot use to {@code <topic>.dlq}, with the reason, and lets consumption go
 * on. The batch consumer does this itself, record by record: SmallRye's dead-letter strategy works on the
 * whole batch, which would dead-letter the good records along with the bad one. Header names are SmallRye's,
 * so both kinds of dead letter read the same. Not a dual write: nothing in the database depends on it.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;
    private final boolean enabled;

    public DeadLetters(@Channel("dead-letters") MutinyEmitter<String> emitter, TimelineConfig config) {
        this.emitter = emitter;
        this.enabled = config.deadLetterEnabled();
    }

    public Uni<Void> send(ConsumerRecord<String, String> record, Throwable reason) {
        String topic = Topics.deadLetter(record.topic());
        LOG.warnf("dead-lettering %s/%d@%d to %s: %s", record.topic(), record.partition(), record.offset(), topic,
                reason.getMessage());
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
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
                .withTopic(topic).withKey(record.key()).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(record.value() == null ? "" : record.value()).addMetadata(metadata));
    }

    private static byte[] bytes(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
