package io.switchboard.platform.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "switchboard.processed-events")
public interface ProcessedEventsConfig {

    /**
     * How long a claim is kept: far longer than any redelivery of normal operation (a rebalance or a crash re-reads
     * what was not committed, seconds to minutes old). The domain topics keep every event for good, but history is
     * replayed by a rebuild into fresh tables, never by rewinding a live consumer group past its claims.
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
