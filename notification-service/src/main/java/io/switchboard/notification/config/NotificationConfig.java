package io.switchboard.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "switchboard.notification")
public interface NotificationConfig {

    Push push();

    Presence presence();

    Webhooks webhooks();

    interface Webhooks {
        /** How often a replica looks for due deliveries. */
        @WithDefault("500ms")
        Duration pollInterval();

        @WithDefault("50")
        int batchSize();

        /** First retry after this, doubling each time up to {@link #maxBackoff()}. */
        @WithDefault("2s")
        Duration backoff();

        @WithDefault("10m")
        Duration maxBackoff();

        /** After this many failed attempts a delivery is DEAD (replayable by an ADMIN). */
        @WithDefault("8")
        int maxAttempts();

        /** A receiver slower than this counts as failed. */
        @WithDefault("10s")
        Duration timeout();

        /** Webhooks one tenant may have at once (deleted ones do not count); one more is a 409. */
        @WithDefault("20")
        int maxPerTenant();

        /**
         * UNSAFE outside tests and the local runtime: hosts (as written in the URL, a name or an address literal)
         * exempt from the address guard, that may also be plain http. Empty in production: a webhook must be https
         * to a host that resolves only to public addresses.
         */
        Optional<List<String>> allowedPrivateHosts();
    }

    interface Push {
        /** A {"type":"heartbeat"} frame goes to an idle socket this often (proxies drop silent connections). */
        @WithDefault("20s")
        Duration heartbeatInterval();

        /** Frames queued for one socket before it counts as slow: the queue is dropped for a fresh snapshot. */
        @WithDefault("256")
        int maxQueuedFrames();

        /** Frames fetched from the change log per query when a socket catches up. */
        @WithDefault("200")
        int fetchBatch();

        /** Safety net beside the agent.counters topic: how often held sockets are compared with the database. */
        @WithDefault("5s")
        Duration resyncInterval();

        /** The change log (for ?since= resume) keeps frames this long ... */
        @WithDefault("24h")
        Duration changeLogRetention();

        /** ... and at most this many per agent; older resumes get a snapshot. */
        @WithDefault("1000")
        int changeLogMaxPerAgent();

        /** Sockets one agent may hold open on one replica; one more is closed at once (1008, policy violation). */
        @WithDefault("10")
        int maxSocketsPerAgent();
    }

    interface Presence {
        /** How often this instance refreshes its heartbeat row. */
        @WithDefault("5s")
        Duration heartbeat();

        /** An instance silent this long is considered gone, with its sockets. */
        @WithDefault("20s")
        Duration timeout();
    }
}
