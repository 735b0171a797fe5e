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
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Applies conversations' new states to the counters, incrementally, in the caller's transaction (on its
 * connection).
 */
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
     * Locks the conversations {@code changes} name (creating their rows on first sight): the first step of a batch,
     * which the caller may send together with its own first statement (its event claims).
     */
    public Uni<Map<Key, Locked>> lock(SqlConnection connection, List<Change> changes) {
        TreeSet<Key> keys = new TreeSet<>();
        changes.forEach(c -> keys.add(new Key(c.tenant(), c.conversationId())));
        return keys.isEmpty() ? Uni.createFrom().item(Map.of()) : states.lockAll(connection, keys);
    }

    /**
     * Applies a batch of changes whose conversations {@link #lock} holds. Per conversation only the newest one
     * counts, and only when it is newer than the stored state's sequence: every event carries the full state after
     * it, so a duplicate or an older redelivery changes nothing. The batch's moves are summed per tenant, so each
     * touched agent gets one frame with its counters after the whole batch. Returns the frames written, to be
     * pushed once committed.
     */
    public Uni<List<FrameLog.Written>> apply(SqlConnection connection, Map<Key, Locked> locked, List<Change> changes) {
        Map<Key, Change> newest = new HashMap<>();
        for (Change c : changes) {
            newest.merge(new Key(c.tenant(), c.conversationId()), c, (a, b) -> b.sequence() > a.sequence() ? b : a);
        }
        TreeMap<Key, Next> next = new TreeMap<>();
        Map<String, CounterDelta> deltas = new TreeMap<>();
        Map<String, Causes> causes = new TreeMap<>();
        for (Change c : changes) { // arrival order: a later change is the newer cause
            Key key = new Key(c.tenant(), c.conversationId());
            Locked before = locked.get(key);
            if (before == null) {
                throw new IllegalStateException("conversation " + key + " was not locked");
            }
            if (newest.get(key) != c || c.sequence() <= before.lastSequence()) {
                continue;
            }
            next.put(key, new Next(c.customerId(), c.state(), c.sequence()));
            CounterDelta delta = CounterDelta.between(before.state(), c.state());
            deltas.merge(c.tenant(), delta, CounterDelta::plus);
            causes.computeIfAbsent(c.tenant(), t -> new Causes()).add(delta, new Frame.Cause(c.causeType(), c.conversationId()));
        }
        // Sent together: the states' update, then tenant by tenant (the lock order) its counter statements.
        List<Uni<List<FrameLog.Written>>> steps = new ArrayList<>(deltas.size() + 1);
        steps.add(states.updateAll(connection, next).replaceWith(List.of()));
        deltas.forEach((tenant, delta) -> steps.add(publish(connection, tenant, delta, causes.get(tenant))));
        return Uni.join().all(steps).andFailFast().map(frames -> frames.stream().flatMap(List::stream).toList());
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
    Uni<List<FrameLog.Written>> publish(SqlConnection connection, String tenant, CounterDelta delta, Causes causes) {
        if (delta.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        boolean queueMoved = delta.unassigned() != 0;
        // Sent together: the tenant row (when the queue moved: it is locked first), the agent rows, the queue as
        // committed with them; then the frames and the tenant record.
        Uni<Optional<CounterRepository.TenantRow>> tenantRow = queueMoved
                ? counters.addUnassigned(connection, tenant, delta.unassigned()).map(Optional::of)
                : Uni.createFrom().item(Optional.empty());
        return Uni.combine().all().unis(tenantRow, counters.applyAndSequence(connection, tenant, delta.agents(), queueMoved),
                        counters.unassigned(connection, tenant)).asTuple()
                .chain(t -> {
                    Uni<List<FrameLog.Written>> frames = append(connection, tenant, t.getItem2(), t.getItem3(), causes);
                    return t.getItem1().isEmpty() ? frames
                            : Uni.combine().all().unis(frames, this.frames.appendTenant(connection, tenant, t.getItem1().get(),
                                    causes.forTenant().type())).with((written, none) -> written);
                });
    }

    private Uni<List<FrameLog.Written>> append(SqlConnection connection, String tenant, List<CounterRepository.AgentRow> rows,
            long unassigned, Causes causes) {
        List<FrameLog.AgentFrame> out = new ArrayList<>(rows.size());
        for (CounterRepository.AgentRow r : rows) {
            Counters now = new Counters(r.unread(), r.openActivities(), unassigned);
            Frame.Cause cause = causes.forAgent(r.agentId());
            out.add(new FrameLog.AgentFrame(r.agentId(), Frame.counters(r.sequence(), now, cause), now, cause.type()));
        }
        return frames.appendAll(connection, tenant, out);
    }
}
