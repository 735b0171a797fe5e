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
     * Key on the compacted topic: {@code tenantId/agentId}. {@code frame} is the exact text the agent's sockets
     * are sent for this sequence (also kept in the change log), so a replica can push it without reading the
     * log; null on the tenant-level record.
     */
    public record CountersChanged(String tenantId, String agentId, long sequence, long unread, long openActivities,
            long unassignedQueue, String cause, String frame) {
    }

    private AgentEvents() {
    }
}
