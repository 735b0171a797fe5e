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
     * batch is followed at once). Also how often relays share the lanes out again (one that died, one that joined).
     */
    @WithDefault("500ms")
    Duration pollInterval();

    /** The most events one select hands to the producer. */
    @WithDefault("500")
    int batchSize();

    /**
     * The most events handed to the producer and not yet marked sent. Each select skips the ones in flight, so this
     * also bounds its cost; keep it within the emitter's buffer (4096).
     */
    @WithDefault("2000")
    int maxInFlight();
}
