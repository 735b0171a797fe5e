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
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Presence across replicas: this instance heartbeats a row and records the sockets it holds; an agent is online
 * while one of its sockets sits on an instance whose heartbeat is fresh. A replica that dies without cleaning
 * up simply stops heartbeating, and its sockets stop counting after the timeout.
 */
@ApplicationScoped
public class PresenceService {

    private static final Logger LOG = Logger.getLogger(PresenceService.class);

    /**
     * The SQL condition "agent a (alias of agents) is online", shared by every presence query; its statement binds
     * {@link #timeoutMillis()} as $1.
     */
    public static final String ONLINE = """
            EXISTS (SELECT 1 FROM push_sessions s JOIN push_instances i ON i.instance_id = s.instance_id
                     WHERE s.tenant_id = a.tenant_id AND s.agent_id = a.agent_id
                       AND i.heartbeat_at > now() - $1 * interval '1 millisecond')""";

    private final Pool pool;
    private final Vertx vertx;
    private final NotificationConfig.Presence config;
    private final String instanceId = UUID.randomUUID().toString();
    private long timer = -1;

    public PresenceService(Pool pool, Vertx vertx, NotificationConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config.presence();
    }

    public String instanceId() {
        return instanceId;
    }

    public long timeoutMillis() {
        return config.timeout().toMillis();
    }

    void start(@Observes StartupEvent ignored) {
        beat().await().atMost(Duration.ofSeconds(10));
        timer = vertx.setPeriodic(config.heartbeat().toMillis(), id -> beat()
                .chain(this::forgetDeadInstances)
                .subscribe().with(ok -> { }, f -> LOG.warnf("presence heartbeat failed: %s", f.toString())));
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        pool.preparedQuery("DELETE FROM push_sessions WHERE instance_id = $1").execute(Tuple.of(instanceId))
                .chain(() -> pool.preparedQuery("DELETE FROM push_instances WHERE instance_id = $1").execute(Tuple.of(instanceId)))
                .await().atMost(Duration.ofSeconds(5));
    }

    public Uni<Void> connected(String connectionId, String tenant, String agentId) {
        return pool.preparedQuery("""
                INSERT INTO push_sessions (connection_id, instance_id, tenant_id, agent_id) VALUES ($1, $2, $3, $4)
                ON CONFLICT DO NOTHING""").execute(Tuple.of(connectionId, instanceId, tenant, agentId)).replaceWithVoid();
    }

    public Uni<Void> disconnected(String connectionId) {
        return pool.preparedQuery("DELETE FROM push_sessions WHERE connection_id = $1").execute(Tuple.of(connectionId))
                .replaceWithVoid();
    }

    private Uni<Void> beat() {
        return pool.preparedQuery("""
                INSERT INTO push_instances (instance_id) VALUES ($1)
                ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = now()""").execute(Tuple.of(instanceId)).replaceWithVoid();
    }

    private Uni<Void> forgetDeadInstances() {
        long grace = config.timeout().toMillis() * 10;
        return pool.preparedQuery("""
                WITH dead AS (DELETE FROM push_instances WHERE heartbeat_at < now() - $1 * interval '1 millisecond' RETURNING instance_id)
                DELETE FROM push_sessions WHERE instance_id IN (SELECT instance_id FROM dead)""").execute(Tuple.of(grace))
                .replaceWithVoid();
    }
}
