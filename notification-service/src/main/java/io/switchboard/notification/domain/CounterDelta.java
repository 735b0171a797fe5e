package io.switchboard.notification.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a conversation's state change moves the counters: what the old state contributed is taken away and what
 * the new one contributes is added, so counters follow the states exactly and never drift. The one place
 * that says which conversation counts for whom.
 *
 * @param agents     per agent id (sorted: rows are locked in this order, which rules out deadlocks)
 * @param unassigned change of the tenant's unassigned queue
 */
public record CounterDelta(Map<String, AgentDelta> agents, long unassigned) {

    public record AgentDelta(long unread, long openActivities) {
        AgentDelta plus(AgentDelta o) {
            return new AgentDelta(unread + o.unread, openActivities + o.openActivities);
        }

        boolean isZero() {
            return unread == 0 && openActivities == 0;
        }
    }

    public static CounterDelta between(ConversationState before, ConversationState after) {
        TreeMap<String, AgentDelta> agents = new TreeMap<>();
        add(agents, before, -1);
        add(agents, after, +1);
        agents.values().removeIf(AgentDelta::isZero);
        long unassigned = (after.inUnassignedQueue() ? 1 : 0) - (before.inUnassignedQueue() ? 1 : 0);
        return new CounterDelta(Collections.unmodifiableSortedMap(agents), unassigned);
    }

    private static void add(TreeMap<String, AgentDelta> agents, ConversationState s, int sign) {
        if (s.assigneeId() == null) {
            return;
        }
        AgentDelta d = new AgentDelta(s.unread() ? sign : 0, s.activityOpen() ? sign : 0);
        agents.merge(s.assigneeId(), d, AgentDelta::plus);
    }

    /** Both changes together (several conversations of one tenant applied in one batch). */
    public CounterDelta plus(CounterDelta o) {
        TreeMap<String, AgentDelta> sum = new TreeMap<>(agents);
        o.agents.forEach((agent, d) -> sum.merge(agent, d, AgentDelta::plus));
        sum.values().removeIf(AgentDelta::isZero);
        return new CounterDelta(Collections.unmodifiableSortedMap(sum), unassigned + o.unassigned);
    }

    public boolean isEmpty() {
        return agents.isEmpty() && unassigned == 0;
    }
}
