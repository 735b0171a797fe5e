package io.switchboard.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.switchboard.contracts.CloudEventHeaders;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka and marks them sent after the broker's ack (acks=all, idempotent
 * producer). Replicas share the work by locking lanes with {@code FOR UPDATE SKIP LOCKED}; a lane is owned
 * by one relay at a time, so each aggregate's events are published in sequence order. A failed send rolls
 * the batch back and it is sent again: delivery is at-least-once, and consumers deduplicate by event id.
 * A relay runs when a commit wakes it (the outbox insert's NOTIFY, on a listening connection of its own), at
 * once again while batches come back full, and otherwise every {@code switchboard.outbox.poll-interval} as a
 * fallback (a notification missed while the listening connection reconnects, a lane another replica let go).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String WAKEUP_CHANNEL = "outbox_events"; // db/platform/V0_2__outbox_wakeup.sql
    private static final String CLAIM_LANES = "SELECT lane FROM outbox_lanes ORDER BY lane FOR UPDATE SKIP LOCKED";
    // Per lane, an ordered scan of the unsent index with a limit, then merged by position. A lane's rows are one
    // aggregate set, so each aggregate still leaves in order. Plain index scans (unlike the bitmap scan a single
    // "lane = ANY(...)" query gets) mark the entries of rows already sent as dead, so the scan stays cheap even
    // when no vacuum has run since (the entries of sent rows linger in the partial index until one does).
    private static final String SELECT_BATCH = """
            SELECT e.* FROM unnest($1::smallint[]) AS l(lane) CROSS JOIN LATERAL (
                   SELECT position, id, aggregateid, type, topic, tenant_id, customer_id, sequence, occurred_at,
                          traceparent, payload::text AS payload, created_at
                     FROM outbox_events o
                    WHERE o.sent_at IS NULL AND o.lane = l.lane
                    ORDER BY o.position
                    LIMIT $2) e
             ORDER BY e.position
             LIMIT $2""";
    private static final String MARK_SENT = "UPDATE outbox_events SET sent_at = clock_timestamp() WHERE position = ANY($1)";
    private static final String BACKLOG = """
            SELECT count(*) AS n, coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0) AS age
              FROM outbox_events WHERE sent_at IS NULL""";
    // The age travels as seconds (a number): the client refuses a text parameter where the statement wants an interval.
    // now(), not clock_timestamp(): a volatile bound cannot be an index condition, and the purge (every 5 s on every
    // replica) read the whole table (30 ms at 120,000 rows) instead of the sent_at index's old end (0.1 ms).
    private static final String PURGE = "DELETE FROM outbox_events WHERE sent_at < now() - $1::bigint * interval '1 second'";

    private final Pool pool;
    private final Vertx vertx;
    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;
    private final String source;
    private final Counter published;
    private final Timer lag;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong backlogAgeMillis = new AtomicLong();

    private final PgConnectOptions listenOptions;
    private volatile boolean running;
    private volatile CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
    /** A pass is under way; {@code wanted}: run (another) pass as soon as this one ends. Never loses a wake-up. */
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final List<Long> timers = new ArrayList<>();
    private PgSubscriber subscriber;

    public OutboxRelay(Pool pool, Vertx vertx,
            @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<String> emitter,
            OutboxConfig config, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String databaseUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.pool = pool;
        this.listenOptions = PgConnectOptions.fromUri(databaseUrl);
        user.ifPresent(listenOptions::setUser);
        password.ifPresent(listenOptions::setPassword);
        this.vertx = vertx;
        this.emitter = emitter;
        this.config = config;
        this.source = "/switchboard/" + service;
        this.published = registry.counter("switchboard.outbox.published");
        this.lag = Timer.builder("switchboard.outbox.lag").description("commit to broker ack")
                .publishPercentiles(0.5, 0.99, 0.999).register(registry);
        registry.gauge("switchboard.outbox.backlog", backlog);
        registry.gauge("switchboard.outbox.backlog.age.ms", backlogAgeMillis);
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.relayEnabled()) {
            LOG.info("outbox relay disabled");
            return;
        }
        running = true;
        listen();
        timers.add(vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake()));
        timers.add(vertx.setPeriodic(5_000, id -> housekeeping()));
        wake();
    }

    /** Finish the batch in flight (its acks and its mark-sent), then stop. */
    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        timers.forEach(vertx::cancelTimer);
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
        try {
            inFlight.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("outbox batch still in flight at shutdown; it will be sent again", e);
        }
    }

    private void listen() {
        subscriber = PgSubscriber.subscriber(vertx, listenOptions)
                .reconnectPolicy(retries -> running ? 1_000L : -1L);
        subscriber.channel(WAKEUP_CHANNEL).handler(payload -> wake());
        subscriber.connect().subscribe().with(ok -> wake(), failure -> LOG.warnf(
                "outbox relay cannot listen for commits (%s); polling every %s", failure, config.pollInterval()));
    }

    /** A commit, a timer or a full batch asks for a pass; one pass runs at a time. */
    void wake() {
        if (!running) {
            return;
        }
        wanted.set(true);
        if (busy.compareAndSet(false, true)) {
            pass();
        }
    }

    private void pass() {
        wanted.set(false);
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight = done;
        relayOnce().subscribe().with(count -> {
            done.complete(null);
            busy.set(false);
            if (count >= config.batchSize() || wanted.get()) {
                wake();
            }
        }, failure -> {
            done.complete(null);
            busy.set(false);
            LOG.warnf("outbox relay failed, retrying: %s", failure.toString());
            vertx.setTimer(500, id -> wake());
        });
    }

    /** One pass over the lanes this replica could claim; returns how many events were published. */
    public Uni<Integer> relayOnce() {
        return pool.withTransaction(conn -> conn.preparedQuery(CLAIM_LANES).execute().chain(lanes -> {
            List<Short> claimed = new ArrayList<>();
            lanes.forEach(r -> claimed.add(r.getShort("lane")));
            if (claimed.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return conn.preparedQuery(SELECT_BATCH)
                    .execute(Tuple.of(claimed.toArray(new Short[0]), config.batchSize()))
                    .chain(rows -> publish(conn, rows));
        }));
    }

    private Uni<Integer> publish(SqlConnection conn, io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Uni.createFrom().item(0);
        }
        List<Uni<Void>> sends = new ArrayList<>(rows.size());
        List<Long> positions = new ArrayList<>(rows.size());
        List<OffsetDateTime> created = new ArrayList<>(rows.size());
        for (Row row : rows) {
            positions.add(row.getLong("position"));
            created.add(row.getOffsetDateTime("created_at"));
            sends.add(emitter.sendMessage(toMessage(row)));
        }
        // Subscribed in order: the producer keeps per-partition order (idempotence on, ≤ 5 in flight).
        return Uni.join().all(sends).andFailFast()
                .chain(() -> conn.preparedQuery(MARK_SENT).execute(Tuple.of(positions.toArray(new Long[0]))))
                .invoke(() -> {
                    OffsetDateTime now = OffsetDateTime.now();
                    published.increment(positions.size());
                    created.forEach(c -> lag.record(Duration.between(c, now)));
                })
                .replaceWith(positions.size());
    }

    private Message<String> toMessage(Row row) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(headers, CloudEventHeaders.ID, row.getUUID("id").toString());
        header(headers, CloudEventHeaders.TYPE, row.getString("type"));
        header(headers, CloudEventHeaders.SOURCE, source);
        header(headers, CloudEventHeaders.TIME, row.getOffsetDateTime("occurred_at").format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        header(headers, CloudEventHeaders.SUBJECT, row.getString("aggregateid"));
        header(headers, CloudEventHeaders.DATA_CONTENT_TYPE, CloudEventHeaders.JSON);
        header(headers, CloudEventHeaders.TENANT_ID, row.getString("tenant_id"));
        header(headers, CloudEventHeaders.SEQUENCE, Long.toString(row.getLong("sequence")));
        header(headers, CloudEventHeaders.CUSTOMER_ID, row.getString("customer_id"));
        header(headers, CloudEventHeaders.TRACEPARENT, row.getString("traceparent"));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("aggregateid"))
                .withHeaders(headers)
                .build();
        return Message.of(row.getString("payload")).addMetadata(metadata);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void housekeeping() {
        pool.preparedQuery(BACKLOG).execute()
                .invoke(rows -> {
                    Row r = rows.iterator().next();
                    backlog.set(r.getLong("n"));
                    backlogAgeMillis.set((long) (r.getNumeric("age").doubleValue() * 1000));
                })
                .chain(this::purgeSent)
                .subscribe().with(ok -> { }, failure -> LOG.warnf("outbox housekeeping failed: %s", failure));
    }

    /** Deletes rows sent longer than {@code switchboard.outbox.retention} ago; returns how many. */
    public Uni<Integer> purgeSent() {
        return pool.preparedQuery(PURGE).execute(Tuple.of(config.retention().toSeconds())).map(rows -> rows.rowCount());
    }
}
