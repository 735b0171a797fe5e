package io.switchboard.platform.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every bot request to a service spends a token of the bot's bucket, shared by the service's replicas. */
@ConfigMapping(prefix = "switchboard.bot-rate-limit")
public interface BotRateLimitConfig {

    /** Tokens a bot's bucket gains per second: its sustained rate. */
    @WithDefault("50")
    double perSecond();

    /** The bucket's size: the burst a bot may send after a quiet period. */
    @WithDefault("100")
    int burst();

    /**
     * A replica takes tokens from the shared bucket this many seconds' worth at a time (at least one), so a busy
     * bot costs the database one lease per lease period per replica, not one per request. What a replica holds
     * unspent is the most the replicas together can exceed the limit by, one lease each.
     */
    @WithDefault("100ms")
    Duration lease();
}
