package io.switchboard.platform.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * The idempotent batch consumer: a poll's records become one transaction. A service gives only its two steps:
 * {@link Steps#project} (what an event means to it, or nothing) and {@link Steps#apply} (the effect of the events it
 * sees for the first time). The shell around them is the same for every consumer:
 * <ol>
 * <li>a record that cannot be read (not a CloudEvent, data that does not parse) is dead-lettered on its own and the
 * rest of the batch goes on;</li>
 * <li>the batch's event ids are claimed ({@link ProcessedEvents#claimAll}) in the transaction that applies them,
 * so a redelivery (a crash before the offsets were committed, a rebalance) is skipped;</li>
 * <li>an outage (connection lost, database restarting, deadlock) is retried without end: consumption pauses,
 * nothing is skipped or dead-lettered;</li>
 * <li>a refusal of the data itself ({@link DeadLetter#isPermanent}) re-applies the batch one record per
 * transaction, so only the record that fails is dead-lettered.</li>
 * </ol>
 * The channel must be {@code batch=true} with {@code failure-strategy=fail}: the Uni completes only after the
 * transaction committed (then the offsets are committed), and fails only if a dead letter cannot be sent.
 */
public final class BatchConsumer<T> {

    /** A consumer's own part. */
    public interface Steps<T> {
        /**
         * What the event means to this consumer, or null when it has nothing to do with it (not claimed). Throws
         * {@link IncomingEvent.MalformedEventException} (e.g. from {@link EventData#read}) for data it cannot read.
         * The record is there for what the event does not carry (its timestamp).
         */
        T project(IncomingEvent event, ConsumerRecord<String, String> record);

        /** The effect of these items (events seen for the first time, in record order) in the batch's transaction. */
        Uni<Void> apply(SqlConnection transaction, List<T> items);
    }

    /** Where a record this consumer cannot use goes: {@link DeadLetter#of} through one of the service's emitters. */
    public interface DeadLetters {
        Uni<Void> send(ConsumerRecord<String, String> record, Throwable reason);
    }

    private record Item<T>(ConsumerRecord<String, String> record, UUID eventId, T value) {
    }

    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LAST_RETRY = Duration.ofSeconds(10);

    private final String name;
    private final Pool pool;
    private final ProcessedEvents processed;
    private final DeadLetters deadLetters;
    private final Steps<T> steps;

    /** @param name the consumer's name in processed_events: its claims are its own. */
    public BatchConsumer(String name, Pool pool, ProcessedEvents processed, DeadLetters deadLetters, Steps<T> steps) {
        this.name = name;
        this.pool = pool;
        this.processed = processed;
        this.deadLetters = deadLetters;
        this.steps = steps;
    }

    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        // By event id: a record repeated within one poll is one item (the first), like a repeat across polls.
        Map<UUID, Item<T>> items = new LinkedHashMap<>();
        List<Uni<Void>> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                IncomingEvent event = IncomingEvent.from(record);
                T value = steps.project(event, record);
                if (value != null) {
                    items.putIfAbsent(event.id(), new Item<>(record, event.id(), value));
                }
            } catch (IncomingEvent.MalformedEventException | IllegalArgumentException e) {
                dead.add(deadLetter(record, e));
            }
        }
        Uni<Void> deadSent = dead.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(dead).andFailFast().replaceWithVoid();
        List<Item<T>> batch = List.copyOf(items.values());
        return deadSent.chain(() -> batch.isEmpty() ? Uni.createFrom().voidItem() : applyBatch(batch));
    }

    private Uni<Void> applyBatch(List<Item<T>> batch) {
        return write(batch).onFailure().recoverWithUni(failure -> {
            if (batch.size() == 1) {
                return deadLetter(batch.get(0).record(), failure);
            }
            LOG.warnf("%s: batch of %d refused by the database (%s); applying its records one by one", name,
                    batch.size(), failure.toString());
            return Multi.createFrom().iterable(batch)
                    .onItem().transformToUniAndConcatenate(item -> applyBatch(List.of(item)))
                    .collect().last().replaceWithVoid();
        });
    }

    /** One transaction; fails only on a permanent refusal of the data, retries anything else without end. */
    private Uni<Void> write(List<Item<T>> batch) {
        List<UUID> ids = batch.stream().map(Item::eventId).toList();
        return Uni.createFrom().deferred(() -> pool.withTransaction(conn -> processed.claimAll(conn, name, ids)
                        .chain(claimed -> {
                            List<T> fresh = batch.stream().filter(i -> claimed.contains(i.eventId())).map(Item::value).toList();
                            return fresh.isEmpty() ? Uni.createFrom().voidItem() : steps.apply(conn, fresh);
                        })))
                .onFailure(f -> !DeadLetter.isPermanent(f)).invoke(f -> LOG.warnf("%s: write failed, retrying: %s", name, f.toString()))
                .onFailure(f -> !DeadLetter.isPermanent(f)).retry().withBackOff(FIRST_RETRY, LAST_RETRY).indefinitely();
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, Throwable reason) {
        LOG.warnf("%s: dead-lettering %s/%d@%d: %s", name, record.topic(), record.partition(), record.offset(),
                reason.getMessage());
        return deadLetters.send(record, reason);
    }
}
