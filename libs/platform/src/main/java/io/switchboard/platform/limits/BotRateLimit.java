package io.switchboard.platform.limits;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A bot's rate limit: one token per request from a bucket per bot, shared by the service's replicas. */
@ApplicationScoped
public class BotRateLimit {

    private final SharedBuckets buckets;
    private final SharedBuckets.Kind kind;

    public BotRateLimit(SharedBuckets buckets, BotRateLimitConfig config) {
        this.buckets = buckets;
        this.kind = SharedBuckets.Kind.of("bot-rate-limit", config.perSecond(), config.burst(), config.lease());
    }

    /** Completes when the bot may go on; fails with 429 and the wait until its next token when it may not. */
    public Uni<Void> take(String botId) {
        return buckets.take(kind, botId, 1);
    }
}
