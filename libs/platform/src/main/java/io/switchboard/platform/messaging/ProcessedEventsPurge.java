package io.switchboard.platform.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Deletes the claims of {@link ProcessedEvents} older than {@code switchboard.processed-events.retention}, in
 * batches, every {@code purge-interval}: without it the table grows by one row per event per consumer, forever.
 * Replicas may purge at the same time; they only delete the same expired rows.
 */
@ApplicationScoped
public class ProcessedEventsPurge {

    private static final Logger LOG = Logger.getLogger(ProcessedEventsPurge.class);
    private static final String PURGE = """
            DELETE FROM processed_events WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM processed_events WHERE processed_at < now() - $1::bigint * interval '1 second' LIMIT $2))""";

    private final Pool pool;
    private final Vertx vertx;
    private final ProcessedEventsConfig config;
    private long timer = -1;

    public ProcessedEventsPurge(Pool pool, Vertx vertx, ProcessedEventsConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent ignored) {
        timer = vertx.setPeriodic(config.purgeInterval().toMillis(), id -> purgeOnce().subscribe().with(
                deleted -> LOG.debugf("purged %d expired event claims", deleted),
                failure -> LOG.warnf("purging expired event claims failed: %s", failure.toString())));
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Deletes every expired claim, a batch per statement; returns how many. */
    public Uni<Long> purgeOnce() {
        return purgeFrom(0);
    }

    private Uni<Long> purgeFrom(long deletedSoFar) {
        return pool.preparedQuery(PURGE).execute(Tuple.of(config.retention().toSeconds(), config.purgeBatch()))
                .chain(rows -> {
                    long total = deletedSoFar + rows.rowCount();
                    return rows.rowCount() < config.purgeBatch() ? Uni.createFrom().item(total) : purgeFrom(total);
                });
    }
}
