package io.switchboard.conversation.domain;

import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.EventType;
import io.switchboard.platform.outbox.Outbox;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The events one command produces, in order. {@link #add} takes the next sequence of the (locked) conversation
 * at the moment of the change, so each event's data holds the state right after it; {@link #appendTo} writes
 * them to the outbox in the same transaction.
 */
public final class EventBatch {

    private final List<Outbox.Pending> pending = new ArrayList<>();

    public void add(Conversation c, EventType type, Record data) {
        c.eventSequence++;
        pending.add(new Outbox.Pending(type, c.tenantId, c.idString(), c.customerIdString(), c.eventSequence, data));
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The events so far, in order (a caller on the plain reactive client appends them itself). */
    public List<Outbox.Pending> pending() {
        return Collections.unmodifiableList(pending);
    }

    /** All of them in one statement, in the caller's Hibernate transaction. */
    public Uni<Void> appendTo(Outbox outbox) {
        return outbox.appendAll(pending).replaceWithVoid();
    }
}
