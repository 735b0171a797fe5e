package io.switchboard.conversation.domain;

import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.EventType;
import io.switchboard.platform.outbox.Outbox;
import java.util.ArrayList;
import java.util.List;

/**
 * The events one command produces, in order. {@link #add} takes the next sequence of the (locked) conversation
 * at the moment of the change, so each event's data holds the state right after it; {@link #appendTo} writes
 * them to the outbox in the same transaction.
 */
public final class EventBatch {

    private record Pending(EventType type, String tenantId, String aggregateId, String customerId, long sequence,
            Record data) {
    }

    private final List<Pending> pending = new ArrayList<>();

    public void add(Conversation c, EventType type, Record data) {
        c.eventSequence++;
        pending.add(new Pending(type, c.tenantId, c.idString(), c.customerIdString(), c.eventSequence, data));
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    public List<EventType> types() {
        return pending.stream().map(Pending::type).toList();
    }

    /** Appends in order, one after the other (one session: no parallel statements). */
    public Uni<Void> appendTo(Outbox outbox) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Pending p : pending) {
            chain = chain.chain(() -> outbox.append(p.type(), p.tenantId(), p.aggregateId(), p.customerId(),
                    p.sequence(), p.data()).replaceWithVoid());
        }
        return chain;
    }
}
