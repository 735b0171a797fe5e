package io.switchboard.notification.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.notification.config.NotificationConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Keeps the resume log bounded: frames older than the retention, and beyond the per-agent maximum, go. A client
 * resuming from before what is kept gets a snapshot instead (see PushHub). Safe on every replica at once.
 */
@ApplicationScoped
public class ChangeLogTrimmer {

    private static final Logger LOG = Logger.getLogger(ChangeLogTrimmer.class);

    private final Pool pool;
    private final Vertx vertx;
    private final NotificationConfig.Push config;
    private long timer = -1;

    public ChangeLogTrimmer(Pool pool, Vertx vertx, NotificationConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config.push();
    }

    void start(@Observes StartupEvent ignored) {
        timer = vertx.setPeriodic(60_000, id -> trim().subscribe().with(ok -> { }, f -> LOG.warnf("change log trim failed: %s", f.toString())));
    }

    void stop(@Observes ShutdownEvent ignored) {
        vertx.cancelTimer(timer);
    }

    // The cap only concerns agents with more frames than it ever: without "c.sequence > $1" every run would join the
    // whole log to every agent; with it, the few agents over the cap are probed through the log's primary key.
    Uni<Void> trim() {
        return pool.preparedQuery("DELETE FROM agent_counter_changes WHERE created_at < now() - $1 * interval '1 millisecond'")
                .execute(Tuple.of(config.changeLogRetention().toMillis()))
                .chain(() -> pool.preparedQuery("""
                        DELETE FROM agent_counter_changes l USING agent_counters c
                         WHERE c.sequence > $1
                           AND l.tenant_id = c.tenant_id AND l.agent_id = c.agent_id AND l.sequence <= c.sequence - $1""")
                        .execute(Tuple.of(config.changeLogMaxPerAgent())))
                .replaceWithVoid();
    }
}
