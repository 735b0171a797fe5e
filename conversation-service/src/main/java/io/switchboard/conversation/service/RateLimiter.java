package io.switchboard.conversation.service;

import io.switchboard.conversation.config.ConversationConfig;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key token bucket for bots (rate and burst from config). In memory per replica: see
 * {@link ConversationConfig.BotRateLimit}. Agents are not limited here.
 */
@ApplicationScoped
public class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(ConversationConfig config) {
        this.perSecond = config.botRateLimit().perSecond();
        this.burst = config.botRateLimit().burst();
    }

    /** Throws 429 with Retry-After when the bot's bucket is empty. */
    public void check(Caller caller) {
        if (!caller.isBot()) {
            return;
        }
        Bucket bucket = buckets.computeIfAbsent(caller.id(), id -> new Bucket(burst, System.nanoTime()));
        double wait = bucket.take(perSecond, burst, System.nanoTime());
        if (wait > 0) {
            throw ProblemException.tooManyRequests(Duration.ofMillis((long) Math.ceil(wait * 1000)));
        }
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        /** @return 0 when a token was taken, else the seconds until one is available */
        synchronized double take(double perSecond, double burst, long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (1 - tokens) / perSecond;
        }
    }
}
