package io.switchboard.timeline.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.switchboard.platform.messaging.DeadLetter;
import io.switchboard.timeline.config.TimelineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Sends a record the projection cannot use to {@code <topic>.dlq} (the platform's dead letter), with the reason,
 * and lets consumption go on; off during a rebuild. Not a dual write: nothing in the database depends on it.
 */
@ApplicationScoped
public class DeadLetters {

    private final MutinyEmitter<String> emitter;
    private final boolean enabled;

    public DeadLetters(@Channel("dead-letters") MutinyEmitter<String> emitter, TimelineConfig config) {
        this.emitter = emitter;
        this.enabled = config.deadLetterEnabled();
    }

    public Uni<Void> send(ConsumerRecord<String, String> record, Throwable reason) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return emitter.sendMessage(DeadLetter.of(record, reason));
    }
}
