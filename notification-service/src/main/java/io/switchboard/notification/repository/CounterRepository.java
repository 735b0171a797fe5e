package io.switchboard.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.notification.domain.CounterDelta;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * agent_counters, tenant_counters and the agent_counter_changes log; every method runs inside the caller's
 * transaction. Lock order (deadlock-free): conversation row, then the tenant row, then agent rows by agent id.
 */
@ApplicationScoped
public class CounterRepository {

    /** An agent's counters and sequence right after a change. */
    public record AgentRow(String agentId, long unread, long openActivities, long sequence) {
    }

    public record TenantRow(long unassigned, long sequence) {
    }

    private static final String ENSURE_AGENT = """
            INSERT INTO agent_counters (tenant_id, agent_id) VALUES (:tenant, :agent) ON CONFLICT DO NOTHING""";
    private static final String BUMP_TENANT = """
            INSERT INTO tenant_counters (tenant_id, unassigned, sequence) VALUES (:tenant, :delta, 1)
            ON CONFLICT (tenant_id) DO UPDATE SET unassigned = tenant_counters.unassigned + :delta,
                   sequence = tenant_counters.sequence + 1, updated_at = now()
            RETURNING unassigned, sequence""";
    private static final String UNASSIGNED = "SELECT coalesce((SELECT unassigned FROM tenant_counters WHERE tenant_id = :tenant), 0)";
    private static final String LOCK_ALL_AGENTS = """
            SELECT agent_id FROM agent_counters WHERE tenant_id = :tenant ORDER BY agent_id FOR UPDATE""";
    private static final String ADD = """
            UPDATE agent_counters SET unread = unread + :unread, open_activities = open_activities + :activities
             WHERE tenant_id = :tenant AND agent_id = :agent""";
    private static final String NEXT_SEQUENCE_ALL = """
            UPDATE agent_counters SET sequence = sequence + 1, updated_at = now() WHERE tenant_id = :tenant
            RETURNING agent_id, unread, open_activities, sequence""";
    private static final String UPSERT_NEXT = """
            INSERT INTO agent_counters (tenant_id, agent_id, unread, open_activities, sequence)
            VALUES (:tenant, :agent, :unread, :activities, 1)
            ON CONFLICT (tenant_id, agent_id) DO UPDATE SET unread = agent_counters.unread + :unread,
                   open_activities = agent_counters.open_activities + :activities,
                   sequence = agent_counters.sequence + 1, updated_at = now()
            RETURNING agent_id, unread, open_activities, sequence""";
    private static final String LOG = """
            INSERT INTO agent_counter_changes (tenant_id, agent_id, sequence, frame) VALUES (:tenant, :agent, :sequence, :frame)""";

    public Uni<Void> ensureAgent(String tenant, String agentId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(ENSURE_AGENT)
                .setParameter("tenant", tenant).setParameter("agent", agentId).executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> ensureAgents(String tenant, Collection<String> agentIds) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String agent : agentIds) {
            chain = chain.chain(() -> ensureAgent(tenant, agent));
        }
        return chain;
    }

    public Uni<TenantRow> addUnassigned(String tenant, long delta) {
        return Panache.getSession().chain(s -> s.createNativeQuery(BUMP_TENANT, Object[].class)
                .setParameter("tenant", tenant).setParameter("delta", delta).getSingleResult())
                .map(r -> new TenantRow(((Number) r[0]).longValue(), ((Number) r[1]).longValue()));
    }

    /** Read after the agent rows are locked, so it is the value committed together with their sequences. */
    public Uni<Long> unassigned(String tenant) {
        return Panache.getSession().chain(s -> s.createNativeQuery(UNASSIGNED, Long.class)
                .setParameter("tenant", tenant).getSingleResult())
                .map(n -> n == null ? 0L : n);
    }

    /**
     * Applies the per-agent deltas and gives each touched agent (every agent of the tenant when
     * {@code everyAgent}) its next sequence; returns their counters after the change.
     */
    public Uni<List<AgentRow>> applyAndSequence(String tenant, Map<String, CounterDelta.AgentDelta> deltas,
            boolean everyAgent) {
        return everyAgent ? applyToEveryAgent(tenant, deltas) : applyToSome(tenant, deltas);
    }

    /** The common case (one or two agents): one statement per agent, in agent id order. */
    private Uni<List<AgentRow>> applyToSome(String tenant, Map<String, CounterDelta.AgentDelta> deltas) {
        return Panache.getSession().chain(s -> {
            List<AgentRow> out = new ArrayList<>(deltas.size());
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var e : deltas.entrySet()) { // sorted by agent id
                chain = chain.chain(() -> s.createNativeQuery(UPSERT_NEXT, Object[].class)
                        .setParameter("tenant", tenant).setParameter("agent", e.getKey())
                        .setParameter("unread", e.getValue().unread())
                        .setParameter("activities", e.getValue().openActivities())
                        .getSingleResult().invoke(r -> out.addAll(agentRows(List.<Object[]>of(r)))).replaceWithVoid());
            }
            return chain.replaceWith(out);
        });
    }

    private Uni<List<AgentRow>> applyToEveryAgent(String tenant, Map<String, CounterDelta.AgentDelta> deltas) {
        return ensureAgents(tenant, deltas.keySet()).chain(() -> Panache.getSession()).chain(s -> {
            Uni<Void> chain = s.createNativeQuery(LOCK_ALL_AGENTS, String.class).setParameter("tenant", tenant)
                    .getResultList().replaceWithVoid();
            for (var e : deltas.entrySet()) {
                chain = chain.chain(() -> s.createNativeQuery(ADD)
                        .setParameter("tenant", tenant).setParameter("agent", e.getKey())
                        .setParameter("unread", e.getValue().unread())
                        .setParameter("activities", e.getValue().openActivities()).executeUpdate().replaceWithVoid());
            }
            Uni<List<Object[]>> next = chain.chain(() -> s.createNativeQuery(NEXT_SEQUENCE_ALL, Object[].class)
                    .setParameter("tenant", tenant).getResultList());
            return next.map(CounterRepository::agentRows);
        });
    }

    /** The next sequence of one agent with unchanged counters (a notification frame). */
    public Uni<AgentRow> nextSequence(String tenant, String agentId) {
        return applyToSome(tenant, Map.of(agentId, new CounterDelta.AgentDelta(0, 0))).map(rows -> rows.get(0));
    }

    public Uni<Void> log(String tenant, String agentId, long sequence, String frame) {
        return Panache.getSession().chain(s -> s.createNativeQuery(LOG)
                .setParameter("tenant", tenant).setParameter("agent", agentId)
                .setParameter("sequence", sequence).setParameter("frame", frame).executeUpdate()).replaceWithVoid();
    }

    private static List<AgentRow> agentRows(List<Object[]> rows) {
        List<AgentRow> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new AgentRow((String) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                    ((Number) r[3]).longValue()));
        }
        return out;
    }
}
