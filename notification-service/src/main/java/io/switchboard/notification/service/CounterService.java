package io.switchboard.notification.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.notification.domain.ConversationState;
import io.switchboard.notification.domain.CounterDelta;
import io.switchboard.notification.domain.Counters;
import io.switchboard.notification.repository.ConversationStateRepository;
import io.switchboard.notification.repository.CounterRepository;
import io.switchboard.notification.ws.Frame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Applies a conversation's new state to the counters, incrementally, in the caller's transaction. */
@ApplicationScoped
public class CounterService {

    private final ConversationStateRepository states;
    private final CounterRepository counters;
    private final FrameLog frames;

    public CounterService(ConversationStateRepository states, CounterRepository counters, FrameLog frames) {
        this.states = states;
        this.counters = counters;
        this.frames = frames;
    }

    /**
     * @param sequence the event's per-conversation sequence: applied only when newer than the stored one, so a
     *                 duplicate or an older redelivery changes nothing (the newer event already carried a later state)
     */
    public Uni<Void> apply(String tenant, String conversationId, String customerId, long sequence,
            ConversationState next, String causeType) {
        return states.lock(tenant, conversationId).chain(locked -> {
            if (sequence <= locked.lastSequence()) {
                return Uni.createFrom().voidItem();
            }
            CounterDelta delta = CounterDelta.between(locked.state(), next);
            return states.update(tenant, conversationId, customerId, next, sequence)
                    .chain(() -> publish(tenant, delta, new Frame.Cause(causeType, conversationId)));
        });
    }

    /**
     * Moves the counters by {@code delta} and gives every touched agent its next frame (every known agent of the
     * tenant when the unassigned queue moved). Also used by the reconcile to correct a difference.
     */
    Uni<Void> publish(String tenant, CounterDelta delta, Frame.Cause cause) {
        if (delta.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        boolean queueMoved = delta.unassigned() != 0;
        Uni<CounterRepository.TenantRow> tenantRow = queueMoved
                ? counters.addUnassigned(tenant, delta.unassigned())
                : Uni.createFrom().nullItem();
        return tenantRow
                .chain(t -> counters.applyAndSequence(tenant, delta.agents(), queueMoved)
                        .chain(rows -> counters.unassigned(tenant).chain(unassigned -> append(tenant, rows, unassigned, cause)))
                        .chain(() -> t == null ? Uni.createFrom().voidItem() : frames.appendTenant(tenant, t, cause.type())));
    }

    private Uni<Void> append(String tenant, List<CounterRepository.AgentRow> rows, long unassigned, Frame.Cause cause) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (CounterRepository.AgentRow r : rows) {
            Counters now = new Counters(r.unread(), r.openActivities(), unassigned);
            chain = chain.chain(() -> frames.append(tenant, r.agentId(), Frame.counters(r.sequence(), now, cause), now, cause.type()));
        }
        return chain;
    }
}
