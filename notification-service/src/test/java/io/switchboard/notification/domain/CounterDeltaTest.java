package io.switchboard.notification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.contracts.ConversationEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which conversation counts for whom, and how a state change moves the counters (plain unit test). */
class CounterDeltaTest {

    @ParameterizedTest(name = "{0}/{1}/unread={2}/activity={3} -> {4}/{5}/unread={6}/activity={7}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # before: status | assignee | unread | activity | after: status | assignee | unread | activity | ana: unread | ana: activities | bob: unread | bob: activities | unassigned
            # a new unassigned open chat joins the queue; assigning it moves it to the agent
              NONE     | -   | false | false | OPEN     | -   | true  | true  | 0  | 0  | 0  | 0  | 1
              OPEN     | -   | true  | true  | OPEN     | ana | true  | true  | 1  | 1  | 0  | 0  | -1
            # the agent's reply clears unread; completing the activity clears the green counter
              OPEN     | ana | true  | true  | OPEN     | ana | false | true  | -1 | 0  | 0  | 0  | 0
              OPEN     | ana | false | true  | OPEN     | ana | false | false | 0  | -1 | 0  | 0  | 0
            # reassigning moves both counters from one agent to the other
              OPEN     | ana | true  | true  | OPEN     | bob | true  | true  | -1 | -1 | 1  | 1  | 0
            # unassigned but not OPEN waits for nobody: PENDING (a chatbot), SNOOZED, RESOLVED
              OPEN     | -   | true  | true  | PENDING  | -   | true  | true  | 0  | 0  | 0  | 0  | -1
              PENDING  | -   | true  | true  | OPEN     | -   | true  | true  | 0  | 0  | 0  | 0  | 1
              OPEN     | -   | false | false | RESOLVED | -   | false | false | 0  | 0  | 0  | 0  | -1
              SNOOZED  | -   | false | false | RESOLVED | -   | false | false | 0  | 0  | 0  | 0  | 0
            # an assigned chat counts for its agent whatever its status
              OPEN     | ana | true  | true  | RESOLVED | ana | true  | false | 0  | -1 | 0  | 0  | 0
            # a change that touches no counter is empty
              OPEN     | ana | true  | true  | PENDING  | ana | true  | true  | 0  | 0  | 0  | 0  | 0
            """)
    void betweenTwoStates(String s0, String a0, boolean u0, boolean act0, String s1, String a1, boolean u1, boolean act1,
            long anaUnread, long anaActivities, long bobUnread, long bobActivities, long unassigned) {
        CounterDelta d = CounterDelta.between(new ConversationState(s0, a0, u0, act0), new ConversationState(s1, a1, u1, act1));

        assertEquals(delta(anaUnread, anaActivities), d.agents().getOrDefault("ana", delta(0, 0)), "ana");
        assertEquals(delta(bobUnread, bobActivities), d.agents().getOrDefault("bob", delta(0, 0)), "bob");
        assertEquals(unassigned, d.unassigned(), "unassigned");
        d.agents().values().forEach(a -> assertFalse(a.unread() == 0 && a.openActivities() == 0, "no zero entries"));
        boolean nothing = anaUnread == 0 && anaActivities == 0 && bobUnread == 0 && bobActivities == 0 && unassigned == 0;
        assertEquals(nothing, d.isEmpty());
    }

    @Test
    void followingStatesInTurnSumsToTheLastStateAlone() {
        List<ConversationState> path = List.of(ConversationState.NONE,
                new ConversationState("OPEN", null, true, true),
                new ConversationState("OPEN", "ana", true, true),
                new ConversationState("OPEN", "ana", false, true),
                new ConversationState("OPEN", "bob", true, true),
                new ConversationState("RESOLVED", "bob", true, false));
        CounterDelta total = CounterDelta.between(ConversationState.NONE, ConversationState.NONE);
        for (int i = 1; i < path.size(); i++) {
            total = total.plus(CounterDelta.between(path.get(i - 1), path.get(i)));
        }
        assertEquals(CounterDelta.between(ConversationState.NONE, path.get(path.size() - 1)), total,
                "counters never drift: the sum of the steps is what the final state contributes");
        assertEquals(Map.of("bob", delta(1, 0)), total.agents());
        assertEquals(0, total.unassigned());
    }

    @Test
    void plusAddsPerAgentDropsZerosAndKeepsAgentsSorted() {
        CounterDelta a = CounterDelta.between(ConversationState.NONE, new ConversationState("OPEN", "zoe", true, true));
        CounterDelta b = CounterDelta.between(ConversationState.NONE, new ConversationState("OPEN", "amy", true, false));
        CounterDelta c = CounterDelta.between(new ConversationState("OPEN", "zoe", true, true), ConversationState.NONE);
        CounterDelta sum = a.plus(b).plus(c);
        assertEquals(Map.of("amy", delta(1, 0)), sum.agents());
        assertEquals(List.of("amy", "zoe"), List.copyOf(a.plus(b).agents().keySet()), "lock order: agents sorted");
        assertTrue(a.plus(c).isEmpty());
    }

    @Test
    void aBlankAssigneeFromAnEventCountsForNobody() {
        ConversationState s = ConversationState.of(new ConversationEvents.State("OPEN", " ", true, true, false));
        assertEquals(null, s.assigneeId());
        assertTrue(s.inUnassignedQueue());
        assertEquals("NONE", ConversationState.of(new ConversationEvents.State(null, null, false, false, false)).status());
    }

    private static CounterDelta.AgentDelta delta(long unread, long openActivities) {
        return new CounterDelta.AgentDelta(unread, openActivities);
    }
}
