package io.switchboard.conversation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "switchboard.conversation")
public interface ConversationConfig {

    BotRateLimit botRateLimit();

    Scheduler scheduler();

    @WithDefault("50")
    int defaultPageSize();

    @WithDefault("200")
    int maxPageSize();

    /**
     * Per API key, a token bucket held in memory by each replica (so N replicas admit up to N times the rate;
     * a shared limiter would cost a round trip per request, which this limit is meant to protect).
     */
    interface BotRateLimit {
        @WithDefault("50")
        double perSecond();

        @WithDefault("100")
        int burst();
    }

    interface Scheduler {
        /** How often each replica looks for due scheduled messages and snoozed chats (read by DuePoller's @Scheduled). */
        @WithDefault("1s")
        java.time.Duration interval();

        /** Most due rows (scheduled messages, snoozed chats) one pass handles. */
        @WithDefault("100")
        int batchSize();
    }
}
