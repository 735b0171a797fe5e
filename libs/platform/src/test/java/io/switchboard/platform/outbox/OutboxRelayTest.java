package io.switchboard.platform.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.switchboard.contracts.Actor;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.contracts.ConversationEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.contracts.Topics;
import io.switchboard.platform.testing.KafkaProbe;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's invariants under load, with a second relay, and after a refused send: on the real broker. */
@QuarkusTest
class OutboxRelayTest {

    private static final String SECOND = "platform-test-2";

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxConfig config;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String databaseUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private KafkaProbe probe;
    private OutboxRelay second;

    @BeforeEach
    void openProbe() {
        probe = new KafkaProbe(Topics.CONVERSATION_EVENTS);
    }

    @AfterEach
    void cleanUp() {
        probe.close();
        if (second != null) {
            second.stop(null);
            second = null;
        }
        // The next test starts with the application's relay holding every lane again.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            relay.tick();
            return lanesByHolder().values().stream().anyMatch(lanes -> lanes.size() == Outbox.LANES);
        });
    }

    @Test
    void burstOfManyAggregatesArrivesOnceEachInSequenceOrder() {
        List<String> ids = aggregates(300);
        burst(ids, 8);

        Map<String, List<Long>> sequences = sequencesOnKafka(ids, ids.size() * 8);
        probe.drain(r -> false, Duration.ofSeconds(1)); // anything sent twice shows up by now
        sequences = sequencesOnKafka(ids, 0);
        for (String id : ids) {
            assertEquals(upTo(8), sequences.get(id), "events of " + id + " on Kafka");
        }
        assertEquals(0, unsent(ids));
    }

    @Test
    void secondRelayTakesHalfTheLanesNeverPublishesTheFirstOnesAndLosesThemWhenItDies() {
        RecordingEmitter recorded = new RecordingEmitter();
        startSecondRelay(recorded);
        Set<Integer> secondLanes = lanesOf(secondPid());
        assertEquals(Set.of(8, 9, 10, 11, 12, 13, 14, 15), secondLanes, "the first relay gives back its highest lanes");

        List<String> ids = aggregates(200);
        burst(ids, 6);
        Map<String, Integer> lane = lanes(ids);
        List<String> toSecond = ids.stream().filter(id -> secondLanes.contains(lane.get(id))).toList();
        List<String> toFirst = ids.stream().filter(id -> !secondLanes.contains(lane.get(id))).toList();
        assertTrue(!toSecond.isEmpty() && !toFirst.isEmpty(), "the aggregates spread over both relays' lanes");

        await().atMost(Duration.ofSeconds(30)).until(() -> recorded.count(toSecond) == toSecond.size() * 6);
        Map<String, List<Long>> onKafka = sequencesOnKafka(toFirst, toFirst.size() * 6);
        probe.drain(r -> false, Duration.ofSeconds(1));
        onKafka = sequencesOnKafka(ids, 0);
        Map<String, List<Long>> bySecond = recorded.sequences();
        for (String id : toFirst) {
            assertEquals(upTo(6), onKafka.get(id), "events of " + id + " from the first relay");
            assertEquals(null, bySecond.get(id), "events of " + id + " from the second relay");
        }
        for (String id : toSecond) {
            assertEquals(upTo(6), bySecond.get(id), "events of " + id + " from the second relay");
            assertEquals(null, onKafka.get(id), "events of " + id + " from the first relay");
        }
        assertEquals(0, unsent(ids));

        // It dies (its lane connection goes): the first relay takes its lanes back at its next round.
        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
                SECOND + " outbox lanes");
        await().atMost(Duration.ofSeconds(10)).until(() -> lanesByHolder().size() == 1);
        List<String> later = aggregates(100);
        burst(later, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            relay.tick();
            return lanesByHolder().values().stream().anyMatch(lanes -> lanes.size() == Outbox.LANES);
        });
        Map<String, List<Long>> afterDeath = sequencesOnKafka(later, later.size() * 3);
        for (String id : later) {
            assertEquals(upTo(3), afterDeath.get(id), "events of " + id + " after the second relay died");
        }
        assertEquals(0, recorded.count(later), "a relay without its lane connection publishes nothing");
    }

    @Test
    void stoppingARelayFinishesWhatIsInFlightAndHandsItsLanesOver() {
        RecordingEmitter recorded = new RecordingEmitter();
        startSecondRelay(recorded);

        List<String> ids = aggregates(200);
        burst(ids, 5);
        second.stop(null); // while it is still sending, most likely
        second = null;
        // Everything it handed over was acknowledged and marked before it let go.
        List<UUID> handed = recorded.ids();
        assertEquals(0, (long) pool.preparedQuery("SELECT count(*) FROM outbox_events WHERE id = ANY($1) AND sent_at IS NULL")
                .execute(Tuple.of(handed.toArray(new UUID[0]))).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0));
        await().atMost(Duration.ofSeconds(10)).until(() -> lanesByHolder().size() == 1); // its lanes are free

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            relay.tick();
            return unsent(ids) == 0;
        });
        Map<String, List<Long>> bySecond = recorded.sequences();
        Map<String, Integer> remaining = new HashMap<>();
        ids.forEach(id -> remaining.put(id, 5 - bySecond.getOrDefault(id, List.of()).size()));
        sequencesOnKafka(ids, remaining.values().stream().mapToInt(Integer::intValue).sum());
        probe.drain(r -> false, Duration.ofSeconds(1));
        Map<String, List<Long>> onKafka = sequencesOnKafka(ids, 0);
        for (String id : ids) {
            // What the stopped relay did not send, the other sends after it: once each, in order.
            List<Long> all = new ArrayList<>(bySecond.getOrDefault(id, List.of()));
            all.addAll(onKafka.getOrDefault(id, List.of()));
            assertEquals(upTo(5), all, "events of " + id + " across both relays");
        }
    }

    @Test
    void refusedSendStaysUnsentAndIsSentAgain() {
        double refusedBefore = registry.counter("switchboard.outbox.refused").count();
        String big = UUID.randomUUID().toString();
        String small = UUID.randomUUID().toString();
        UUID bigEvent = UUID.randomUUID();
        // Over the producer's max.request.size (1 MB): the producer refuses it before it reaches the broker.
        pool.withTransaction(c -> c.preparedQuery("""
                INSERT INTO outbox_events (id, aggregatetype, aggregateid, type, topic, tenant_id, sequence, occurred_at,
                                           payload, lane)
                VALUES ($1, $2, $3::text, $4, $5, 't1', 1, now(),
                        jsonb_build_object('conversationId', $3::text, 'padding', repeat('x', 1100000)), hashtext($3::text) & 15)""")
                .execute(Tuple.of(bigEvent, EventType.CONVERSATION_READ.aggregate().aggregateType(), big,
                        EventType.CONVERSATION_READ.typeName(), EventType.CONVERSATION_READ.topic()))
                .chain(() -> outbox.appendAll(c, List.of(pending(small, 1), pending(small, 2)))))
                .await().atMost(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> registry.counter("switchboard.outbox.refused").count() > refusedBefore);
        assertEquals(List.of(1L, 2L), sequencesOnKafka(List.of(small), 2).get(small), "the rest of the batch went");
        assertEquals(1, unsent(List.of(big)), "the refused event stays unsent");

        // Once it can be sent, the relay's next attempt sends it.
        sql("UPDATE outbox_events SET payload = jsonb_build_object('conversationId', aggregateid) WHERE id = $1", bigEvent);
        List<ConsumerRecord<String, String>> sent = probe.await(KafkaProbe.headerIs(CloudEventHeaders.ID, bigEvent.toString()),
                1, Duration.ofSeconds(30));
        assertEquals(1, sent.size(), "sent again");
        await().atMost(Duration.ofSeconds(10)).until(() -> unsent(List.of(big)) == 0);
        probe.drain(r -> false, Duration.ofSeconds(1));
        assertEquals(List.of(1L, 2L), sequencesOnKafka(List.of(small), 0).get(small), "the acknowledged ones only once");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** A second relay on the same database, publishing into {@code emitter}; returns once the lanes are split 8/8. */
    private void startSecondRelay(RecordingEmitter emitter) {
        // Its own rounds only when the test calls them, so it cannot come back after it "dies".
        OutboxConfig manual = new OutboxConfig() {
            public boolean relayEnabled() {
                return true;
            }

            public Duration pollInterval() {
                return Duration.ofHours(1);
            }

            public int batchSize() {
                return config.batchSize();
            }

            public int maxInFlight() {
                return config.maxInFlight();
            }
        };
        second = new OutboxRelay(pool, vertx, emitter, manual, new SimpleMeterRegistry(), SECOND, databaseUrl, user, password);
        second.start(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            relay.tick();
            second.tick();
            Map<Integer, Set<Integer>> held = lanesByHolder();
            return held.size() == 2 && held.values().stream().allMatch(lanes -> lanes.size() == Outbox.LANES / 2);
        });
    }

    private int secondPid() {
        return pool.preparedQuery("SELECT pid FROM pg_stat_activity WHERE application_name = $1")
                .execute(Tuple.of(SECOND + " outbox lanes")).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getInteger(0);
    }

    private Set<Integer> lanesOf(int pid) {
        return lanesByHolder().getOrDefault(pid, Set.of());
    }

    /** Lane locks by the backend holding them. */
    private Map<Integer, Set<Integer>> lanesByHolder() {
        Map<Integer, Set<Integer>> held = new TreeMap<>();
        pool.preparedQuery("""
                SELECT pid, objid::bigint AS lane FROM pg_locks
                 WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND objid < 16
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND classid = hashtext('outbox_lanes')::oid""")
                .execute().await().atMost(Duration.ofSeconds(10))
                .forEach(r -> held.computeIfAbsent(r.getInteger("pid"), p -> new HashSet<>()).add(r.getLong("lane").intValue()));
        return held;
    }

    private Map<String, Integer> lanes(List<String> ids) {
        Map<String, Integer> lanes = new HashMap<>();
        pool.preparedQuery("SELECT id, hashtext(id) & 15 AS lane FROM unnest($1::text[]) AS id")
                .execute(Tuple.of(ids.toArray(new String[0]))).await().atMost(Duration.ofSeconds(10))
                .forEach(r -> lanes.put(r.getString("id"), r.getInteger("lane")));
        return lanes;
    }

    private static List<String> aggregates(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }

    /**
     * Each aggregate's events one transaction after the other (as a service appends them, holding the aggregate's
     * lock), many aggregates at once: commits land out of position order, across lanes and within them.
     */
    private void burst(List<String> ids, int events) {
        Multi.createFrom().iterable(ids)
                .onItem().transformToUni(id -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (long seq = 1; seq <= events; seq++) {
                        long s = seq;
                        chain = chain.chain(() -> pool.withTransaction(c -> outbox.appendAll(c, List.of(pending(id, s))))
                                .replaceWithVoid());
                    }
                    return chain.replaceWith(id);
                }).merge(12)
                .collect().asList()
                .await().atMost(Duration.ofSeconds(120));
    }

    private static Outbox.Pending pending(String id, long sequence) {
        var state = new ConversationEvents.State("OPEN", null, false, false, false);
        return new Outbox.Pending(EventType.CONVERSATION_READ, "t1", id, null, sequence,
                new ConversationEvents.Read(id, null, state, Actor.SYSTEM));
    }

    /** Waits for {@code count} records of these aggregates; returns each one's sequences in arrival order. */
    private Map<String, List<Long>> sequencesOnKafka(List<String> ids, int count) {
        Set<String> wanted = new HashSet<>(ids);
        List<ConsumerRecord<String, String>> records = probe.await(
                r -> wanted.contains(KafkaProbe.header(r, CloudEventHeaders.SUBJECT)), count, Duration.ofSeconds(60));
        assertTrue(records.size() >= count, records.size() + " of " + count + " records arrived");
        return records.stream().collect(Collectors.groupingBy(r -> KafkaProbe.header(r, CloudEventHeaders.SUBJECT),
                Collectors.mapping(r -> Long.parseLong(KafkaProbe.header(r, CloudEventHeaders.SEQUENCE)), Collectors.toList())));
    }

    private static List<Long> upTo(int n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    private long unsent(List<String> ids) {
        return pool.preparedQuery("SELECT count(*) FROM outbox_events WHERE aggregateid = ANY($1) AND sent_at IS NULL")
                .execute(Tuple.of(ids.toArray(new String[0]))).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private void sql(String statement, Object... params) {
        pool.preparedQuery(statement).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10));
    }

    /** Stands in for the second relay's producer: records what it is handed, in order, and acks a moment later. */
    static final class RecordingEmitter implements MutinyEmitter<String> {

        record Sent(String subject, long sequence, UUID id) {
        }

        private final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public <M extends Message<? extends String>> Uni<Void> sendMessage(M message) {
            return Uni.createFrom().deferred(() -> {
                Headers headers = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
                sent.add(new Sent(header(headers, CloudEventHeaders.SUBJECT),
                        Long.parseLong(header(headers, CloudEventHeaders.SEQUENCE)),
                        UUID.fromString(header(headers, CloudEventHeaders.ID))));
                return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(2));
            });
        }

        private static String header(Headers headers, String name) {
            return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
        }

        Map<String, List<Long>> sequences() {
            return sent.stream().collect(Collectors.groupingBy(Sent::subject,
                    Collectors.mapping(Sent::sequence, Collectors.toList())));
        }

        long count(List<String> subjects) {
            Set<String> wanted = new HashSet<>(subjects);
            return sent.stream().filter(s -> wanted.contains(s.subject())).count();
        }

        List<UUID> ids() {
            return sent.stream().map(Sent::id).toList();
        }

        @Override
        public Uni<Void> send(String payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendAndAwait(String payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Cancellable sendAndForget(String payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends String>> void send(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends String>> void sendMessageAndAwait(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends String>> Cancellable sendMessageAndForget(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
