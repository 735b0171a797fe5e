package io.switchboard.contracts;

/** Kafka topic names. Record key is always the aggregate id, so one aggregate's events stay in order. */
public final class Topics {
    public static final String CUSTOMER_EVENTS = "customer.events";
    public static final String CONVERSATION_EVENTS = "conversation.events";
    public static final String TIMELINE_EVENTS = "timeline.events";
    public static final String AGENT_EVENTS = "agent.events";
    /** Compacted: the latest counters per agent (key = tenant/agent). */
    public static final String AGENT_COUNTERS = "agent.counters";
    /** Suffix of each consumer's dead-letter topic: {@code <topic>.dlq}. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    public static final int DEFAULT_PARTITIONS = 6;

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    private Topics() {
    }
}
