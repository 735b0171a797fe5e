package io.switchboard.notification.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.notification.domain.CounterDelta;
import io.switchboard.notification.repository.ReconcileRepository;
import io.switchboard.notification.repository.ReconcileRepository.Pair;
import io.switchboard.notification.ws.Frame;
import io.switchboard.notification.ws.PushHub;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Recomputes a tenant's counters from conversation_states and compares them with the maintained ones. It holds
 * the tenant's and its agents' counter rows locked (the same order the consumer locks them), so the states it
 * counts are exactly those committed with the counters it compares. Differences are corrected through the usual
 * path: new frames for the agents concerned, through the outbox (and at once to this replica's sockets).
 */
@ApplicationScoped
public class ReconcileService {

    public static final String CAUSE = "agent.counters_reconciled";

    public record Difference(String agentId, String counter, long maintained, long recomputed) {
    }

    public record Report(String tenantId, int agentsChecked, List<Difference> differences, boolean fixed) {
    }

    private final ReconcileRepository repository;
    private final CounterService counters;
    private final PushHub hub;
    private final Pool pool;

    public ReconcileService(ReconcileRepository repository, CounterService counters, PushHub hub, Pool pool) {
        this.repository = repository;
        this.pool = pool;
        this.counters = counters;
        this.hub = hub;
    }

    public Uni<Report> reconcile(String tenant, boolean fix) {
        List<FrameLog.Written> written = new ArrayList<>();
        return pool.withTransaction(c -> repository.lockAndCount(c, tenant).chain(counted -> {
            List<Difference> diffs = new ArrayList<>();
            Map<String, CounterDelta.AgentDelta> deltas = new TreeMap<>();
            TreeSet<String> agents = new TreeSet<>(counted.maintained().keySet());
            agents.addAll(counted.recounted().keySet());
            for (String agent : agents) {
                Pair m = counted.maintained().getOrDefault(agent, new Pair(0, 0));
                Pair r = counted.recounted().getOrDefault(agent, new Pair(0, 0));
                if (m.unread() != r.unread()) {
                    diffs.add(new Difference(agent, "unread", m.unread(), r.unread()));
                }
                if (m.openActivities() != r.openActivities()) {
                    diffs.add(new Difference(agent, "openActivities", m.openActivities(), r.openActivities()));
                }
                if (!m.equals(r)) {
                    deltas.put(agent, new CounterDelta.AgentDelta(r.unread() - m.unread(),
                            r.openActivities() - m.openActivities()));
                }
            }
            if (counted.queue() != counted.recountedQueue()) {
                diffs.add(new Difference(null, "unassigned", counted.queue(), counted.recountedQueue()));
            }
            Report report = new Report(tenant, agents.size(), diffs, fix && !diffs.isEmpty());
            if (!report.fixed()) {
                return Uni.createFrom().item(report);
            }
            CounterDelta delta = new CounterDelta(deltas, counted.recountedQueue() - counted.queue());
            return counters.publish(c, tenant, delta, CounterService.Causes.of(new Frame.Cause(CAUSE, null)))
                    .invoke(written::addAll).replaceWith(report);
        })).invoke(() -> hub.ringAll(written));
    }
}
