package io.switchboard.notification.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.switchboard.contracts.ConversationEvents;
import io.switchboard.notification.domain.ConversationState;
import io.switchboard.notification.service.CounterService;
import io.switchboard.notification.service.CounterService.Change;
import io.switchboard.notification.service.FrameLog;
import io.switchboard.notification.ws.PushHub;
import io.switchboard.platform.messaging.DeadLetter;
import io.switchboard.platform.messaging.IncomingEvent;
import io.switchboard.platform.messaging.ProcessedEvents;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * conversation.events → conversation_states and the counters. One consumer group for all replicas, so every
 * change is computed once; the resulting frames leave through the outbox for every replica's sockets, and are
 * pushed to this replica's own sockets as soon as their transaction commits. Records come in batches, each applied
 * in one transaction (claims, states, counters, frames), so the transactions per second stay bounded under load.
 * An unreadable record is dead-lettered on its own and the rest of the batch goes on; if the database refuses
 * the batch's data, its events are applied one by one so only the one that fails is dead-lettered. The batch
 * is acknowledged only after its transaction committed; a redelivery is harmless (claims and sequences).
 */
@ApplicationScoped
public class ConversationEventsConsumer {

    private static final Logger LOG = Logger.getLogger(ConversationEventsConsumer.class);
    static final String CONSUMER = "notification-counters";

    private final ProcessedEvents processed;
    private final CounterService counters;
    private final ObjectMapper mapper;
    private final MutinyEmitter<String> deadLetters;
    private final PushHub hub;
    private final Pool pool;
    private final Counter consumed;
    private final Timer lag;
    private final Timer transaction;
    private final Timer received;
    private final DistributionSummary batchSize;

    public ConversationEventsConsumer(ProcessedEvents processed, CounterService counters, ObjectMapper mapper,
            @Channel("dead-letters") MutinyEmitter<String> deadLetters, PushHub hub, Pool pool, MeterRegistry registry) {
        this.processed = processed;
        this.pool = pool;
        this.counters = counters;
        this.hub = hub;
        this.mapper = mapper;
        this.deadLetters = deadLetters;
        this.consumed = registry.counter("switchboard.counters.events.consumed");
        this.lag = Timer.builder("switchboard.counters.lag").description("event published (record timestamp) to its counters committed")
                .publishPercentiles(0.5, 0.99, 0.999).register(registry);
        this.received = Timer.builder("switchboard.counters.received").description("event published (record timestamp) to its batch handed to this consumer")
                .publishPercentiles(0.5, 0.99, 0.999).register(registry);
        this.batchSize = DistributionSummary.builder("switchboard.counters.batch").description("records per batch")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.transaction = Timer.builder("switchboard.counters.transaction").description("one batch's counter transaction")
                .publishPercentiles(0.5, 0.99, 0.999).register(registry);
    }

    /** An event that moves counters, and the record it came in. */
    record Claim(ConsumerRecord<String, String> record, UUID eventId, Change change) {
    }

    @Incoming("conversation-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Claim> claims = new ArrayList<>(records.count());
        List<Uni<Void>> dead = new ArrayList<>();
        long arrived = System.currentTimeMillis();
        for (ConsumerRecord<String, String> record : records) {
            received.record(sincePublished(record, arrived), TimeUnit.MILLISECONDS);
            try {
                IncomingEvent e = IncomingEvent.from(record);
                Change change = read(e);
                if (change != null) {
                    claims.add(new Claim(record, e.id(), change));
                }
            } catch (IncomingEvent.MalformedEventException ex) {
                dead.add(deadLetter(record, ex));
            }
        }
        consumed.increment(records.count());
        batchSize.record(records.count());
        Uni<Void> deadSent = dead.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(dead).andFailFast().replaceWithVoid();
        return deadSent.chain(() -> applyBatch(claims));
    }

    private Uni<Void> applyBatch(List<Claim> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return write(batch).replaceWithVoid().onFailure().recoverWithUni(failure -> {
            LOG.warnf("batch of %d refused by the database (%s); applying its events one by one", batch.size(), failure.toString());
            return Multi.createFrom().iterable(batch)
                    .onItem().transformToUniAndConcatenate(c -> write(List.of(c)).replaceWithVoid()
                            .onFailure().recoverWithUni(f -> deadLetter(c.record(), f)))
                    .collect().last().replaceWithVoid();
        });
    }

    /**
     * One transaction. An outage or a deadlock is retried without end: consumption pauses and nothing is
     * dead-lettered or skipped. Only a refusal of the data itself fails the Uni. Once committed, the frames it
     * wrote go to this replica's sockets (the topic brings them to every other replica's, and is ignored here).
     */
    private Uni<List<FrameLog.Written>> write(List<Claim> batch) {
        List<UUID> ids = batch.stream().map(Claim::eventId).toList();
        List<Change> changes = batch.stream().map(Claim::change).toList();
        return Uni.createFrom().deferred(() -> {
                    long started = System.nanoTime();
                    // The claims and the conversations' locks go out together; then what was claimed is applied.
                    return pool.withTransaction(c -> Uni.combine().all()
                                    .unis(processed.claimAll(c, CONSUMER, ids), counters.lock(c, changes)).asTuple()
                                    .chain(t -> counters.apply(c, t.getItem2(), batch.stream()
                                            .filter(claim -> t.getItem1().remove(claim.eventId())) // once, also if a batch repeats an id
                                            .map(Claim::change).toList())))
                            .invoke(() -> transaction.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
                })
                .onFailure(f -> !DeadLetter.isPermanent(f)).invoke(f -> LOG.warnf("counter batch failed, retrying: %s", f.toString()))
                .onFailure(f -> !DeadLetter.isPermanent(f)).retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(5)).indefinitely()
                .invoke(written -> {
                    long now = System.currentTimeMillis();
                    batch.forEach(c -> lag.record(sincePublished(c.record(), now), TimeUnit.MILLISECONDS));
                    hub.ringAll(written);
                });
    }

    /** Milliseconds from the record's publication (its timestamp) to {@code now}. */
    private static long sincePublished(ConsumerRecord<String, String> record, long now) {
        return Math.max(0, now - record.timestamp());
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, Throwable reason) {
        LOG.warnf("dead-lettering %s/%d@%d: %s", record.topic(), record.partition(), record.offset(), reason.getMessage());
        return deadLetters.sendMessage(DeadLetter.of(record, reason));
    }

    /** Any conversation.* event with a {@code state} counts, also types this build does not know yet. */
    Change read(IncomingEvent e) {
        if (!e.type().startsWith("conversation.")) {
            return null;
        }
        JsonNode data;
        try {
            data = mapper.readTree(e.data());
        } catch (Exception ex) {
            throw new IncomingEvent.MalformedEventException("unreadable data of " + e.type() + " " + e.id(), ex);
        }
        JsonNode state = data == null ? null : data.get("state");
        if (state == null || !state.isObject()) {
            return null;
        }
        String conversationId = text(data, "conversationId", e.subject());
        if (conversationId == null || e.sequence() <= 0) {
            throw new IncomingEvent.MalformedEventException(e.type() + " " + e.id() + " has no conversation or sequence", null);
        }
        try {
            ConversationEvents.State s = mapper.treeToValue(state, ConversationEvents.State.class);
            return new Change(e.tenantId(), conversationId, text(data, "customerId", e.customerId()), e.sequence(),
                    ConversationState.of(s), e.type());
        } catch (Exception ex) {
            throw new IncomingEvent.MalformedEventException("unreadable state in " + e.type() + " " + e.id(), ex);
        }
    }

    private static String text(JsonNode data, String field, String fallback) {
        JsonNode n = data.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? fallback : n.asText();
    }
}
