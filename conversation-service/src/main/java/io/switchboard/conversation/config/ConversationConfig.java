package io.switchboard.conversation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "switchboard.conversation")
public interface ConversationConfig {

    Scheduler scheduler();

    Ingest ingest();

    @WithDefault("50")
    int defaultPageSize();

    @WithDefault("200")
    int maxPageSize();

    /**
     * The inbound path's group commit: messages that arrive while a lane's transaction runs wait for the next one
     * and share it. A conversation always maps to the same lane, so its messages keep their arrival order.
     */
    interface Ingest {
        /** Transactions in flight at once per replica (each holds one pooled connection). */
        @WithDefault("2")
        int lanes();

        /**
         * How long an idle lane's first message waits for others before its transaction starts (0: at once). Fewer,
         * larger transactions for at most this much more latency.
         */
        @WithDefault("0ms")
        java.time.Duration gather();

        /** Most messages one transaction takes. */
        @WithDefault("256")
        int maxBatch();

        /**
         * Overload: a message that would wait longer than this for its transaction is refused at once (503 with
         * Retry-After) instead of queueing, so admitted messages keep their latency.
         */
        @WithDefault("25ms")
        java.time.Duration maxQueueDelay();

        /** Overload, by count: most messages waiting per lane. */
        @WithDefault("2000")
        int maxQueued();

        /**
         * Messages a starting replica runs through the whole inbound transaction (rolled back, nothing stored)
         * before it reports ready, so its first real traffic meets compiled code.
         */
        @WithDefault("3000")
        int warmupMessages();
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
