package io.switchboard.platform.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "switchboard.processed-events")
public interface ProcessedEventsConfig {

    /**
     * How long a claim is kept. Longer than the topics keep events (7 days), so any redelivery — a rebalance, a
     * consumer group reset to the earliest offset — still finds its claim; older claims can never be asked for.
     */
    @WithDefault("8d")
    Duration retention();

    /** How often each replica deletes expired claims. */
    @WithDefault("1h")
    Duration purgeInterval();

    /** Claims deleted per statement, so a purge never holds long locks or one huge transaction. */
    @WithDefault("10000")
    int purgeBatch();
}
