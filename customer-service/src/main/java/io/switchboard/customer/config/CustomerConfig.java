package io.switchboard.customer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "switchboard.customers")
public interface CustomerConfig {

    /** How often each replica looks for due scheduled status changes (also read by @Scheduled). */
    @WithDefault("1s")
    Duration statusPollInterval();

    /** Due changes one poll claims at most (SKIP LOCKED: other replicas take the rest). */
    @WithDefault("50")
    int statusPollBatch();

    /** A status change further ahead than this is refused as a typo. */
    @WithDefault("P1825D")
    Duration statusMaxAhead();

    @WithDefault("50")
    int pageSize();

    @WithDefault("200")
    int maxPageSize();
}
