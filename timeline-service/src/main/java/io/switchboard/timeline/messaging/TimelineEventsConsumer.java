package io.switchboard.timeline.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.switchboard.platform.messaging.BatchConsumer;
import io.switchboard.platform.messaging.IncomingEvent;
import io.switchboard.platform.messaging.ProcessedEvents;
import io.switchboard.timeline.repository.ProjectionWriter;
import io.switchboard.timeline.service.EntryProjection;
import io.switchboard.timeline.service.EntryProjection.Effect;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The projection: customer.events, conversation.events and timeline.events (one channel, a topic list) into
 * the timeline, a poll's records one transaction (the platform's {@link BatchConsumer}: unreadable records
 * dead-lettered on their own, redeliveries skipped by the claim, outages retried, a refused batch applied record
 * by record). The batch is acknowledged (offsets committed) only after its transaction committed.
 */
@ApplicationScoped
public class TimelineEventsConsumer implements BatchConsumer.Steps<Effect> {

    private final EntryProjection projection;
    private final ProjectionWriter writer;
    private final BatchConsumer<Effect> consumer;
    private final Counter consumed;
    private final Counter stored;

    public TimelineEventsConsumer(Pool pool, ProcessedEvents processed, EntryProjection projection,
            ProjectionWriter writer, DeadLetters deadLetters, MeterRegistry registry) {
        this.projection = projection;
        this.writer = writer;
        this.consumer = new BatchConsumer<>(ProjectionWriter.CONSUMER, pool, processed, deadLetters::send, this);
        this.consumed = registry.counter("switchboard.timeline.events.consumed");
        this.stored = registry.counter("switchboard.timeline.entries.stored");
    }

    @Incoming("timeline-sources")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        consumed.increment(records.count());
        return consumer.consume(records);
    }

    @Override
    public Effect project(IncomingEvent event, ConsumerRecord<String, String> record) {
        return projection.project(event, record.timestamp());
    }

    @Override
    public Uni<Void> apply(SqlConnection transaction, List<Effect> effects) {
        return writer.apply(transaction, effects).invoke(n -> stored.increment(n)).replaceWithVoid();
    }
}
