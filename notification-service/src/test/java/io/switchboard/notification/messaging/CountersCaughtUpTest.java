package io.switchboard.notification.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** When readiness lets a replica in: every partition with events at start committed up to its end offset then. */
class CountersCaughtUpTest {

    private static final TopicPartition P0 = new TopicPartition("conversation.events", 0);
    private static final TopicPartition P1 = new TopicPartition("conversation.events", 1);

    @Test
    void readyOnlyWhenEveryPartitionReachedItsEndOffsetAtStart() {
        Map<TopicPartition, Long> target = Map.of(P0, 100L, P1, 7L);
        assertEquals(2, CountersCaughtUp.behind(target, Map.of()), "nothing committed yet (a new group)");
        assertEquals(1, CountersCaughtUp.behind(target, Map.of(P0, 100L, P1, 6L)), "one event of P1 not applied");
        assertEquals(0, CountersCaughtUp.behind(target, Map.of(P0, 100L, P1, 7L)));
        assertEquals(0, CountersCaughtUp.behind(target, Map.of(P0, 250L, P1, 9L)), "events after start do not hold it back");
        assertEquals(0, CountersCaughtUp.behind(Map.of(), Map.of()), "no events at start: ready at once");
    }
}
