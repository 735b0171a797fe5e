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
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka (acks=all, idempotent producer) and deletes them after the broker's ack.
 *
 * <p><b>Lanes.</b> Every row belongs to one of {@link Outbox#LANES} lanes (a hash of its aggregate id). A relay owns
 * lanes through session-level advisory locks held on a connection of its own, for as long as that connection lives,
 * so two relays never publish the same lane and each aggregate's events leave in sequence order. A relay that dies
 * loses its connection and with it its locks. Every poll interval each relay counts the relays present (each holds a
 * shared presence lock) and moves toward an even share: it takes free lanes while it has fewer, and gives back its
 * surplus once that lane has nothing in flight. Advisory locks rather than row locks in a transaction kept open: an
 * open transaction would hold back vacuum, and the unsent index stays cheap to scan only while dead rows go away.
 *
 * <p><b>Pipeline.</b> Selecting, sending and deleting overlap. A select reads the oldest unsent rows of the relay's
 * lanes that are not already in flight and hands them to the producer without waiting for acks; it is repeated at
 * once while more may be waiting, up to {@code switchboard.outbox.max-in-flight} events in flight. As each batch's
 * acks complete, its rows are deleted (autocommit; batches acked meanwhile are deleted together). The select
 * excludes the positions in flight instead of starting after the highest one handed over: positions are drawn at
 * insert, not at commit, so a row can become visible below one already sent, and it must still be found. Selects run
 * on the connection holding the locks, so a relay whose session is gone reads no more rows, even before it notices.
 *
 * <p><b>Failures.</b> A refused send leaves its row unsent. The relay then stops selecting, lets the sends in flight
 * complete (deleting those acked), waits {@link #RETRY_DELAY} and selects again from the oldest unsent row: delivery is
 * at-least-once, and consumers deduplicate by event id. A delete that fails, or is lost in a server crash (deletes
 * commit without waiting for their WAL flush), also leaves its rows to be sent again.
 *
 * <p><b>Wake-up.</b> A relay selects when a commit wakes it (the outbox insert's NOTIFY, on a listening connection of
 * its own; after a select that caught up, commits gather for {@link #GATHER} first), at once again while batches come
 * back full, and otherwise every {@code switchboard.outbox.poll-interval}
 * as a fallback (a notification missed while the listening connection reconnects); the same interval paces the lane
 * share. All of the relay's state lives on one Vert.x context, so none of it needs a lock.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String WAKEUP_CHANNEL = "outbox_events"; // db/platform/V0_2__outbox_wakeup.sql
    private static final Duration RETRY_DELAY = Duration.ofMillis(500);
    /**
     * Once a select comes back short (caught up), the next waits this long for commits to gather: otherwise every
     * commit's wake-up costs a select of all the lanes, and at a high commit rate those selects take the CPU the
     * commits need. A full select is followed at once.
     */
    private static final Duration GATHER = Duration.ofMillis(5);
    /** A lane statement unanswered this long leaves the locks in doubt: the relay drops its connection and lanes. */
    private static final Duration LANE_CHECK_TIMEOUT = Duration.ofSeconds(5);

    // Advisory lock keys: (hashtext('outbox_lanes'), lane) owns a lane; (hashtext('outbox_lanes'), -1), held shared by
    // every relay, counts the relays. Advisory locks are per database, so each service's relays share among themselves.
    private static final String JOIN = "SELECT pg_advisory_lock_shared(hashtext('outbox_lanes'), -1)";
    private static final String COUNT_RELAYS = """
            SELECT count(*) FROM pg_locks
             WHERE locktype = 'advisory' AND granted AND objsubid = 2
               AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND classid = hashtext('outbox_lanes')::oid AND objid = (-1)::oid""";
    // Only lanes this relay does not hold (a session lock taken twice would need two unlocks); the limit ends the scan,
    // so no lock beyond the share is taken.
    private static final String TAKE_LANES = """
            SELECT lane FROM unnest($1::smallint[]) AS lane
             WHERE pg_try_advisory_lock(hashtext('outbox_lanes'), lane)
             LIMIT $2""";
    private static final String GIVE_BACK_LANE = "SELECT pg_advisory_unlock(hashtext('outbox_lanes'), $1)";
    // Per lane, an ordered scan of the unsent index with a limit, then merged by position. A lane's rows are one
    // aggregate set, so each aggregate still leaves in order. Plain index scans (unlike the bitmap scan a single
    // "lane = ANY(...)" query gets) mark the entries of rows already sent as dead, so the scan stays cheap even
    // when no vacuum has run since (the entries of sent rows linger in the partial index until one does).
    // The positions in flight go through a hashed subplan: "<> ALL($3)" would compare each row with every one of them
    // once the statement runs on a generic plan.
    private static final String SELECT_BATCH = """
            SELECT e.* FROM unnest($1::smallint[]) AS l(lane) CROSS JOIN LATERAL (
                   SELECT o.position, o.lane, o.id, o.aggregateid, o.type, o.topic, o.tenant_id, o.customer_id,
                          o.sequence, o.occurred_at, o.traceparent, o.payload::text AS payload, o.created_at
                     FROM outbox_events o
                    WHERE o.sent_at IS NULL AND o.lane = l.lane
                      AND o.position NOT IN (SELECT unnest($3::bigint[]))
                    ORDER BY o.position
                    LIMIT $2) e
             ORDER BY e.position
             LIMIT $2""";
    // A row the broker acknowledged has done its job: deleted at once, never updated (an update would write the whole
    // row, payload included, and an entry in every index again).
    private static final String DELETE_SENT = "DELETE FROM outbox_events WHERE position = ANY($1)";
    private static final String BACKLOG = """
            SELECT count(*) AS n, coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0) AS age
              FROM outbox_events WHERE sent_at IS NULL""";
    // Rows an earlier version marked sent instead of deleting them (during a rolling upgrade): found through the
    // sent_at partial index, which holds nothing otherwise.
    private static final String PURGE_MARKED = "DELETE FROM outbox_events WHERE sent_at IS NOT NULL";

    private final Pool pool;
    private final Vertx vertx;
    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;
    private final String source;
    private final Counter published;
    private final Counter refused;
    private final Timer lag;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong backlogAgeMillis = new AtomicLong();

    private final PgConnectOptions listenOptions;
    private final PgConnectOptions laneOptions;
    private volatile boolean running;
    private Context context;
    private Executor onContext;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private PgSubscriber subscriber;

    // Below: touched on `context` only.
    private final List<Long> timers = new ArrayList<>();
    private PgConnection laneConnection;
    private boolean connecting;
    private boolean checking;
    private final boolean[] owned = new boolean[Outbox.LANES];
    /** Owned, but given back once nothing of the lane is in flight; not selected meanwhile. */
    private final boolean[] leaving = new boolean[Outbox.LANES];
    private final int[] inFlightPerLane = new int[Outbox.LANES];
    /** Positions handed to the producer and not yet settled (acked and deleted, or refused). */
    private final Set<Long> inFlight = new HashSet<>();
    private final List<Batch> toDelete = new ArrayList<>();
    /** A wake-up, a full batch or new lanes: select (again) as soon as nothing stands in the way. */
    private boolean wanted;
    private boolean selecting;
    private boolean deleting;
    /** A send was refused: no select until what is in flight has settled, then one after the retry delay. */
    private boolean recovering;
    private boolean backingOff;
    /** After a select that caught up, commits gather until then before the next one (see {@link #GATHER}). */
    private long nextSelect;
    private boolean gathering;
    private CompletableFuture<Void> drained;

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
        // Named so an operator sees in pg_stat_activity which backend holds a service's lanes.
        this.laneOptions = new PgConnectOptions(listenOptions).setTcpKeepAlive(true);
        laneOptions.addProperty("application_name", service + " outbox lanes");
        // Deletes commit without waiting for their WAL flush: one lost in a server crash only sends its rows again,
        // which delivery already allows (at-least-once, consumers deduplicate), and the service's own transactions
        // then share fewer flushes with the relay's.
        laneOptions.addProperty("synchronous_commit", "off");
        this.vertx = vertx;
        this.emitter = emitter;
        this.config = config;
        this.source = "/switchboard/" + service;
        this.published = registry.counter("switchboard.outbox.published");
        this.refused = registry.counter("switchboard.outbox.refused");
        // Buckets as well as the sliding-window percentiles: a delta of bucket counts gives any interval's quantiles.
        this.lag = Timer.builder("switchboard.outbox.lag").description("commit to broker ack")
                .publishPercentiles(0.5, 0.99, 0.999).publishPercentileHistogram().register(registry);
        registry.gauge("switchboard.outbox.backlog", backlog);
        registry.gauge("switchboard.outbox.backlog.age.ms", backlogAgeMillis);
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.relayEnabled()) {
            LOG.info("outbox relay disabled");
            return;
        }
        context = vertx.getDelegate().getOrCreateContext();
        onContext = task -> context.runOnContext(v -> task.run());
        running = true;
        listen();
        context.runOnContext(v -> {
            timers.add(vertx.setPeriodic(config.pollInterval().toMillis(), id -> onTick()));
            timers.add(vertx.setPeriodic(5_000, id -> housekeeping()));
            onTick();
        });
    }

    /** Finish what is in flight (its acks and its deletes), then give the lanes back by closing their connection. */
    void stop(@Observes ShutdownEvent ignored) {
        if (!running) {
            return;
        }
        running = false;
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            timers.forEach(vertx::cancelTimer);
            drained = done;
            checkDrained();
        });
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("outbox sends still in flight at shutdown; they will be sent again", e);
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        context.runOnContext(v -> {
            PgConnection conn = laneConnection;
            laneConnection = null;
            if (conn == null) {
                closed.complete(null);
            } else {
                conn.close().subscribe().with(ok -> closed.complete(null), failure -> closed.complete(null));
            }
        });
        try {
            closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("outbox lane connection not closed at shutdown; the server releases its locks when it notices", e);
        }
    }

    private void listen() {
        subscriber = PgSubscriber.subscriber(vertx, listenOptions)
                .reconnectPolicy(retries -> running ? 1_000L : -1L);
        subscriber.channel(WAKEUP_CHANNEL).handler(payload -> wake());
        subscriber.connect().subscribe().with(ok -> wake(), failure -> LOG.warnf(
                "outbox relay cannot listen for commits (%s); polling every %s", failure, config.pollInterval()));
    }

    /** A commit asks for a select; wake-ups arriving together cost one hop to the relay's context. */
    void wake() {
        if (running && wakeQueued.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                wakeQueued.set(false);
                wanted = true;
                pump();
            });
        }
    }

    /** The periodic work (lanes, fallback select), at once; tests call it rather than wait for the poll interval. */
    void tick() {
        context.runOnContext(v -> onTick());
    }

    private void onTick() {
        if (!running) {
            return;
        }
        if (laneConnection == null) {
            connectLanes();
        } else {
            shareLanes();
        }
        wanted = true;
        pump();
    }

    // ---- Lanes ----------------------------------------------------------------------------------------------------

    private void connectLanes() {
        if (connecting) {
            return;
        }
        connecting = true;
        PgConnection.connect(vertx, laneOptions)
                .call(conn -> conn.query(JOIN).execute().onFailure().call(conn::close))
                .emitOn(onContext)
                .subscribe().with(conn -> {
                    connecting = false;
                    if (!running) {
                        conn.closeAndForget();
                        return;
                    }
                    laneConnection = conn;
                    conn.closeHandler(() -> context.runOnContext(v -> lanesLost(conn, null)));
                    shareLanes();
                }, failure -> {
                    connecting = false;
                    LOG.warnf("outbox relay cannot connect to hold lanes (%s); retrying every %s", failure,
                            config.pollInterval());
                });
    }

    /** Counts the relays, gives back this relay's surplus and takes free lanes up to its share. */
    private void shareLanes() {
        PgConnection conn = laneConnection;
        if (conn == null || checking) {
            return;
        }
        checking = true;
        conn.query(COUNT_RELAYS).execute()
                .ifNoItem().after(LANE_CHECK_TIMEOUT).fail()
                .emitOn(onContext)
                .chain(rows -> {
                    long relays = Math.max(1, rows.iterator().next().getLong(0));
                    int share = (int) ((Outbox.LANES + relays - 1) / relays);
                    int kept = leaveSurplus(share, relays);
                    Short[] free = lanes(lane -> !owned[lane]);
                    if (kept >= share || free.length == 0) {
                        return Uni.createFrom().item(List.<Short>of());
                    }
                    return conn.preparedQuery(TAKE_LANES).execute(Tuple.of(free, share - kept))
                            .ifNoItem().after(LANE_CHECK_TIMEOUT).fail()
                            .emitOn(onContext)
                            .map(taken -> {
                                List<Short> lanes = new ArrayList<>();
                                taken.forEach(r -> lanes.add(r.getShort("lane")));
                                return lanes;
                            });
                })
                .subscribe().with(taken -> {
                    checking = false;
                    if (laneConnection != conn || taken.isEmpty()) {
                        return;
                    }
                    taken.forEach(lane -> owned[lane] = true);
                    LOG.infof("outbox relay took lanes %s; it holds %s", taken, Arrays.toString(lanes(lane -> owned[lane])));
                    wanted = true;
                    pump();
                }, failure -> {
                    checking = false;
                    lanesLost(conn, failure);
                });
    }

    /** Marks the lanes above the share as leaving (the highest first); returns how many this relay keeps. */
    private int leaveSurplus(int share, long relays) {
        Short[] kept = lanes(this::publishing);
        if (kept.length <= share) {
            return kept.length;
        }
        List<Short> leave = Arrays.asList(kept).subList(share, kept.length);
        leave.forEach(lane -> leaving[lane] = true);
        LOG.infof("outbox relay gives back lanes %s (%d relays share %d lanes)", leave, relays, Outbox.LANES);
        giveBackDrainedLanes();
        return share;
    }

    /** A leaving lane with nothing in flight goes back: another relay may publish it from its oldest unsent row. */
    private void giveBackDrainedLanes() {
        PgConnection conn = laneConnection;
        for (int lane = 0; lane < Outbox.LANES; lane++) {
            if (conn == null || !leaving[lane] || inFlightPerLane[lane] > 0) {
                continue;
            }
            owned[lane] = false;
            leaving[lane] = false;
            conn.preparedQuery(GIVE_BACK_LANE).execute(Tuple.of(lane))
                    .ifNoItem().after(LANE_CHECK_TIMEOUT).fail()
                    .emitOn(onContext)
                    .subscribe().with(ok -> { }, failure -> lanesLost(conn, failure));
        }
    }

    /**
     * The lane connection closed, or a statement on it failed: its locks are gone or in doubt, so the relay publishes
     * none of its lanes any more and closes it (the server then lets go of whatever it still held). What is in flight
     * completes; another relay may send those rows again meanwhile, which consumers deduplicate.
     */
    private void lanesLost(PgConnection conn, Throwable failure) {
        if (laneConnection != conn) {
            return;
        }
        laneConnection = null;
        Arrays.fill(owned, false);
        Arrays.fill(leaving, false);
        if (running) {
            LOG.warnf("outbox relay lost its lanes (%s); reconnecting within %s",
                    failure == null ? "connection closed" : failure.toString(), config.pollInterval());
        }
        conn.closeAndForget();
    }

    private boolean publishing(int lane) {
        return owned[lane] && !leaving[lane];
    }

    private static Short[] lanes(IntPredicate which) {
        List<Short> lanes = new ArrayList<>(Outbox.LANES);
        for (int lane = 0; lane < Outbox.LANES; lane++) {
            if (which.test(lane)) {
                lanes.add((short) lane);
            }
        }
        return lanes.toArray(new Short[0]);
    }

    // ---- Select and send ------------------------------------------------------------------------------------------

    /** One select at a time, so batches reach the producer in position order; several batches may be in flight. */
    private void pump() {
        int room = config.maxInFlight() - inFlight.size();
        if (!running || !wanted || selecting || recovering || backingOff || room <= 0) {
            return;
        }
        Short[] lanes = lanes(this::publishing);
        PgConnection conn = laneConnection;
        if (lanes.length == 0 || conn == null) {
            return;
        }
        long gather = nextSelect - System.nanoTime();
        if (gather > 0) {
            if (!gathering) {
                gathering = true;
                vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(gather)), id -> {
                    gathering = false;
                    pump();
                });
            }
            return;
        }
        wanted = false;
        selecting = true;
        int limit = Math.min(config.batchSize(), room);
        // On the session that holds the lanes' locks: once it is gone, even before this relay notices, nothing more is
        // read.
        conn.preparedQuery(SELECT_BATCH).execute(Tuple.of(lanes, limit, inFlight.toArray(new Long[0])))
                .emitOn(onContext)
                .subscribe().with(rows -> {
                    selecting = false;
                    if (rows.size() >= limit) {
                        wanted = true; // more may be waiting
                    } else {
                        nextSelect = System.nanoTime() + GATHER.toNanos();
                    }
                    send(rows);
                    pump();
                    checkDrained();
                }, failure -> {
                    selecting = false;
                    wanted = true;
                    LOG.warnf("outbox relay cannot read the outbox (%s); retrying in %s", failure, RETRY_DELAY);
                    backOff();
                    checkDrained();
                });
    }

    private void send(RowSet<Row> rows) {
        if (!running) {
            return;
        }
        List<Row> mine = new ArrayList<>(rows.size());
        for (Row row : rows) {
            // A lane given back or lost while the select ran is another relay's now.
            if (publishing(row.getShort("lane"))) {
                mine.add(row);
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        Batch batch = new Batch(mine.size());
        for (int i = 0; i < mine.size(); i++) {
            Row row = mine.get(i);
            batch.positions[i] = row.getLong("position");
            batch.lanes[i] = row.getShort("lane");
            batch.created[i] = row.getOffsetDateTime("created_at").toInstant();
            inFlight.add(batch.positions[i]);
            inFlightPerLane[batch.lanes[i]]++;
        }
        // Handed over in position order; the producer keeps each partition's order (idempotence, ≤ 5 requests in flight).
        for (int i = 0; i < mine.size(); i++) {
            int index = i;
            try {
                emitter.sendMessage(toMessage(mine.get(i))).subscribe().with(
                        ok -> completed(batch, index, null), failure -> completed(batch, index, failure));
            } catch (RuntimeException e) { // e.g. the channel is gone: the row stays unsent like any refused one
                completed(batch, index, e);
            }
        }
    }

    /** On whichever thread the ack arrives: the metrics at once, the state on the relay's context. */
    private void completed(Batch batch, int index, Throwable failure) {
        if (failure == null) {
            batch.acked[index] = true;
            published.increment();
            lag.record(Duration.between(batch.created[index], Instant.now()));
        } else {
            refused.increment();
            context.runOnContext(v -> refusedSend(failure));
        }
        if (batch.pending.decrementAndGet() == 0) {
            context.runOnContext(v -> {
                toDelete.add(batch);
                deleteSent();
            });
        }
    }

    private void refusedSend(Throwable failure) {
        if (!recovering) {
            recovering = true;
            LOG.warnf("outbox send refused (%s); resending from the oldest unsent event once the sends in flight settle",
                    failure);
        }
    }

    // ---- Delete sent ----------------------------------------------------------------------------------------------

    /** One delete at a time; batches acked while it runs are deleted together by the next. */
    private void deleteSent() {
        if (deleting || toDelete.isEmpty()) {
            return;
        }
        List<Batch> batches = new ArrayList<>(toDelete);
        toDelete.clear();
        List<Long> positions = new ArrayList<>();
        for (Batch batch : batches) {
            for (int i = 0; i < batch.positions.length; i++) {
                if (batch.acked[i]) {
                    positions.add(batch.positions[i]);
                }
            }
        }
        if (positions.isEmpty()) {
            settle(batches);
            return;
        }
        deleting = true;
        // On the relay's own connection too: on the pool they would queue behind the service's transactions, and the
        // rows waiting for them stay in flight, which holds up the next selects. The pool only if that connection is gone.
        SqlClient client = laneConnection != null ? laneConnection : pool;
        client.preparedQuery(DELETE_SENT).execute(Tuple.of(positions.toArray(new Long[0])))
                .emitOn(onContext)
                .subscribe().with(ok -> {
                    deleting = false;
                    settle(batches);
                    deleteSent();
                }, failure -> {
                    deleting = false;
                    LOG.warnf("outbox relay cannot delete %d sent events (%s); they will be sent again", positions.size(),
                            failure);
                    settle(batches);
                    deleteSent();
                });
    }

    /** Rows no longer in flight: sent and deleted, or left unsent to be selected again. */
    private void settle(List<Batch> batches) {
        for (Batch batch : batches) {
            for (int i = 0; i < batch.positions.length; i++) {
                inFlight.remove(batch.positions[i]);
                inFlightPerLane[batch.lanes[i]]--;
            }
        }
        giveBackDrainedLanes();
        if (recovering && inFlight.isEmpty()) {
            recovering = false;
            wanted = true;
            backOff();
        }
        pump();
        checkDrained();
    }

    private void backOff() {
        if (backingOff) {
            return;
        }
        backingOff = true;
        vertx.setTimer(RETRY_DELAY.toMillis(), id -> {
            backingOff = false;
            pump();
        });
    }

    private void checkDrained() {
        if (drained != null && !selecting && !deleting && inFlight.isEmpty()) {
            drained.complete(null);
        }
    }

    /** Rows handed to the producer together; settled once every send has completed and the acked ones are deleted. */
    private static final class Batch {
        final long[] positions;
        final short[] lanes;
        final Instant[] created;
        /** Written by the ack callbacks, read on the context after {@code pending} reaches zero. */
        final boolean[] acked;
        final AtomicInteger pending;

        Batch(int size) {
            positions = new long[size];
            lanes = new short[size];
            created = new Instant[size];
            acked = new boolean[size];
            pending = new AtomicInteger(size);
        }
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

    // ---- Housekeeping ---------------------------------------------------------------------------------------------

    private void housekeeping() {
        pool.preparedQuery(BACKLOG).execute()
                .invoke(rows -> {
                    Row r = rows.iterator().next();
                    backlog.set(r.getLong("n"));
                    backlogAgeMillis.set((long) (r.getNumeric("age").doubleValue() * 1000));
                })
                .chain(this::purgeMarked)
                .subscribe().with(ok -> { }, failure -> LOG.warnf("outbox housekeeping failed: %s", failure));
    }

    /** Deletes rows an earlier version marked sent and left behind; returns how many. */
    public Uni<Integer> purgeMarked() {
        return pool.preparedQuery(PURGE_MARKED).execute().map(rows -> rows.rowCount());
    }
}
