package io.switchboard.notification.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.notification.domain.ConversationState;
import io.switchboard.notification.domain.CounterDelta;
import io.switchboard.notification.domain.Counters;
import io.switchboard.notification.repository.ConversationStateRepository;
import io.switchboard.notification.repository.ConversationStateRepository.Key;
import io.switchboard.notification.repository.ConversationStateRepository.Locked;
import io.switchboard.notification.repository.ConversationStateRepository.Next;
import io.switchboard.notification.repository.CounterRepository;
import io.switchboard.notification.ws.Frame;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Applies conversations' new states to the counters, incrementally, in the caller's transaction. */
@ApplicationScoped
public class CounterService {

    /** What one event says: the conversation's state after the event with this per-conversation sequence. */
    public record Change(String tenant, String conversationId, String customerId, long sequence,
            ConversationState state, String causeType) {
    }

    private final ConversationStateRepository states;
    private final CounterRepository counters;
    private final FrameLog frames;

    public CounterService(ConversationStateRepository states, CounterRepository counters, FrameLog frames) {
        this.states = states;
        this.counters = counters;
        this.frames = frames;
    }

    /**
     * Applies a batch of changes. Per conversation only the newest one counts, and only when it is newer than the
     * stored state's sequence: every event carries the full state after it, so a duplicate or an older
     * redelivery changes nothing. The batch's moves are summed per tenant, so each touched agent gets one frame
     * with its counters after the whole batch. Returns the frames written, to be pushed once committed.
     */
    public Uni<List<FrameLog.Written>> applyAll(List<Change> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        TreeMap<Key, Change> newest = new TreeMap<>();
        for (Change c : changes) {
            newest.merge(new Key(c.tenant(), c.conversationId()), c, (a, b) -> b.sequence() > a.sequence() ? b : a);
        }
        return states.lockAll(newest.keySet()).chain(locked -> {
            TreeMap<Key, Next> next = new TreeMap<>();
            Map<String, CounterDelta> deltas = new TreeMap<>();
            Map<String, Causes> causes = new TreeMap<>();
            for (Change c : changes) { // arrival order: a later change is the newer cause
                Key key = new Key(c.tenant(), c.conversationId());
                Locked before = locked.get(key);
                if (newest.get(key) != c || before == null || c.sequence() <= before.lastSequence()) {
                    continue;
                }
                next.put(key, new Next(c.customerId(), c.state(), c.sequence()));
                CounterDelta delta = CounterDelta.between(before.state(), c.state());
                deltas.merge(c.tenant(), delta, CounterDelta::plus);
                causes.computeIfAbsent(c.tenant(), t -> new Causes()).add(delta, new Frame.Cause(c.causeType(), c.conversationId()));
            }
            List<FrameLog.Written> written = new ArrayList<>();
            Uni<Void> chain = states.updateAll(next);
            for (var e : deltas.entrySet()) { // tenant order: the lock order
                chain = chain.chain(() -> publish(e.getKey(), e.getValue(), causes.get(e.getKey())).invoke(written::addAll)).replaceWithVoid();
            }
            return chain.replaceWith(written);
        });
    }

    /** What a frame names as its cause: per agent, the newest change that moved its counters; else the tenant's. */
    static final class Causes {
        private final Map<String, Frame.Cause> byAgent = new TreeMap<>();
        private Frame.Cause tenant;

        static Causes of(Frame.Cause cause) {
            Causes c = new Causes();
            c.tenant = cause;
            return c;
        }

        void add(CounterDelta delta, Frame.Cause cause) {
            delta.agents().keySet().forEach(agent -> byAgent.put(agent, cause));
            if (delta.unassigned() != 0 || tenant == null) {
                tenant = cause;
            }
        }

        Frame.Cause forAgent(String agentId) {
            return byAgent.getOrDefault(agentId, tenant);
        }

        Frame.Cause forTenant() {
            return tenant;
        }
    }

    /**
     * Moves the counters by {@code delta} and gives every touched agent its next frame (every known agent of the
     * tenant when the unassigned queue moved); returns those frames. Also used by the reconcile to correct a
     * difference.
     */
    Uni<List<FrameLog.Written>> publish(String tenant, CounterDelta delta, Causes causes) {
        if (delta.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        boolean queueMoved = delta.unassigned() != 0;
        Uni<CounterRepository.TenantRow> tenantRow = queueMoved
                ? counters.addUnassigned(tenant, delta.unassigned())
                : Uni.createFrom().nullItem();
        return tenantRow
                .chain(t -> counters.applyAndSequence(tenant, delta.agents(), queueMoved)
                        .chain(rows -> counters.unassigned(tenant).chain(unassigned -> append(tenant, rows, unassigned, causes)))
                        .call(() -> t == null ? Uni.createFrom().voidItem() : frames.appendTenant(tenant, t, causes.forTenant().type())));
    }

    private Uni<List<FrameLog.Written>> append(String tenant, List<CounterRepository.AgentRow> rows, long unassigned, Causes causes) {
        List<FrameLog.AgentFrame> out = new ArrayList<>(rows.size());
        for (CounterRepository.AgentRow r : rows) {
            Counters now = new Counters(r.unread(), r.openActivities(), unassigned);
            Frame.Cause cause = causes.forAgent(r.agentId());
            out.add(new FrameLog.AgentFrame(r.agentId(), Frame.counters(r.sequence(), now, cause), now, cause.type()));
        }
        return frames.appendAll(tenant, out);
    }
}
