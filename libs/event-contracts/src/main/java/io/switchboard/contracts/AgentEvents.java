package io.switchboard.contracts;

import java.util.List;

/** Data of {@code agent.*} events and of the compacted {@code agent.counters} topic. */
public final class AgentEvents {

    public record Registered(String agentId, String displayName, String email, List<String> roles) {
    }

    /** availability: ONLINE, BUSY, OFFLINE. */
    public record AvailabilityChanged(String agentId, Change<String> availability, Actor actor) {
    }

    /**
     * The agent's counters after a change; {@code sequence} is the agent's own gap-free counter sequence.
     * Key on the compacted topic: {@code tenantId/agentId}.
     */
    public record CountersChanged(String tenantId, String agentId, long sequence, long unread, long openActivities,
            long unassignedQueue, String cause) {
    }

    private AgentEvents() {
    }
}
