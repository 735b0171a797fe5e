package io.switchboard.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "switchboard.outbox")
public interface OutboxConfig {

    /** Off only for tools that must not publish (e.g. a projection rebuild). */
    @WithDefault("true")
    boolean relayEnabled();

    /**
     * The fallback: how often a relay looks without being woken (commits wake it at once through NOTIFY; a full
     * batch is followed at once).
     */
    @WithDefault("500ms")
    Duration pollInterval();

    @WithDefault("500")
    int batchSize();

    /** Sent rows are kept this long (for inspection), then purged. */
    @WithDefault("10m")
    Duration retention();
}
