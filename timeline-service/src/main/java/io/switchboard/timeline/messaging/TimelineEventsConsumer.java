package io.switchboard.timeline.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.platform.messaging.DeadLetter;
import io.switchboard.platform.messaging.IncomingEvent;
import io.switchboard.timeline.repository.ProjectionWriter;
import io.switchboard.timeline.service.EntryProjection;
import io.switchboard.timeline.service.EntryProjection.Effect;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The projection: customer.events, conversation.events and timeline.events (one channel, a topic list) into
 * the timeline, in batches of one transaction each. A record that cannot be read is dead-lettered on its own
 * and the rest of the batch goes on; if the database refuses the batch's data, its records are applied one by
 * one so only the record that fails is dead-lettered. The batch is acknowledged (offsets committed) only after
 * its transaction committed, so a crash means redelivery, which the claim makes harmless.
 */
@ApplicationScoped
public class TimelineEventsConsumer {

    private static final Logger LOG = Logger.getLogger(TimelineEventsConsumer.class);

    private final Pool pool;
    private final EntryProjection projection;
    private final ProjectionWriter writer;
    private final DeadLetters deadLetters;
    private final Counter consumed;
    private final Counter stored;

    public TimelineEventsConsumer(Pool pool, EntryProjection projection, ProjectionWriter writer,
            DeadLetters deadLetters, MeterRegistry registry) {
        this.pool = pool;
        this.projection = projection;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.consumed = registry.counter("switchboard.timeline.events.consumed");
        this.stored = registry.counter("switchboard.timeline.entries.stored");
    }

    private record Parsed(ConsumerRecord<String, String> record, Effect effect) {
    }

    @Incoming("timeline-sources")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Parsed> good = new ArrayList<>(records.count());
        List<Uni<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                good.add(new Parsed(record, projection.project(IncomingEvent.from(record), record.timestamp())));
            } catch (IncomingEvent.MalformedEventException e) {
                dead.add(deadLetters.send(record, e));
            }
        }
        consumed.increment(records.count());
        Uni<Void> deadSent = dead.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(dead).andFailFast().replaceWithVoid();
        return deadSent.chain(() -> applyBatch(good));
    }

    private Uni<Void> applyBatch(List<Parsed> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Effect> effects = batch.stream().map(Parsed::effect).toList();
        return write(effects)
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("batch of %d refused by the database (%s); applying its records one by one",
                            batch.size(), failure.toString());
                    return Multi.createFrom().iterable(batch).onItem().transformToUniAndConcatenate(this::applyOne)
                            .collect().last().replaceWithVoid();
                });
    }

    private Uni<Void> applyOne(Parsed p) {
        return write(List.of(p.effect())).onFailure().recoverWithUni(failure -> deadLetters.send(p.record(), failure));
    }

    /**
     * One transaction. An outage (connection lost, database restarting) is retried without end: consumption
     * pauses and nothing is dead-lettered or skipped. Only a refusal of the data itself fails the Uni.
     */
    private Uni<Void> write(List<Effect> effects) {
        return pool.withTransaction(conn -> writer.apply(conn, effects))
                .onFailure(f -> !DeadLetter.isPermanent(f)).invoke(f -> LOG.warnf("projection write failed, retrying: %s", f.toString()))
                .onFailure(f -> !DeadLetter.isPermanent(f)).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(n -> stored.increment(n))
                .replaceWithVoid();
    }
}
