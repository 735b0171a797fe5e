package io.switchboard.notification.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.notification.domain.CounterDelta;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * agent_counters, tenant_counters and the agent_counter_changes log; every method runs inside the caller's
 * transaction. Lock order (deadlock-free): conversation rows by key, then per tenant in tenant order: the tenant
 * row, then its agent rows by agent id.
 */
@ApplicationScoped
public class CounterRepository {

    /** An agent's counters and sequence right after a change. */
    public record AgentRow(String agentId, long unread, long openActivities, long sequence) {
    }

    public record TenantRow(long unassigned, long sequence) {
    }

    // Rows of a batch travel as one JSON document (cast from text in SQL), in agent id order: the lock order.
    private static final String ROWS = "jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb))";
    private static final String ENSURE_AGENTS = """
            INSERT INTO agent_counters (tenant_id, agent_id)
            SELECT :tenant, x.agent FROM %s AS x(agent text) ORDER BY x.agent ON CONFLICT DO NOTHING""".formatted(ROWS);
    private static final String BUMP_TENANT = """
            INSERT INTO tenant_counters (tenant_id, unassigned, sequence) VALUES (:tenant, :delta, 1)
            ON CONFLICT (tenant_id) DO UPDATE SET unassigned = tenant_counters.unassigned + :delta,
                   sequence = tenant_counters.sequence + 1, updated_at = now()
            RETURNING unassigned, sequence""";
    private static final String UNASSIGNED = "SELECT coalesce((SELECT unassigned FROM tenant_counters WHERE tenant_id = :tenant), 0)";
    private static final String LOCK_ALL_AGENTS = """
            SELECT agent_id FROM agent_counters WHERE tenant_id = :tenant ORDER BY agent_id FOR UPDATE""";
    private static final String ADD = """
            UPDATE agent_counters a SET unread = a.unread + x.unread, open_activities = a.open_activities + x.activities
              FROM %s AS x(agent text, unread bigint, activities bigint)
             WHERE a.tenant_id = :tenant AND a.agent_id = x.agent""".formatted(ROWS);
    private static final String NEXT_SEQUENCE_ALL = """
            UPDATE agent_counters SET sequence = sequence + 1, updated_at = now() WHERE tenant_id = :tenant
            RETURNING agent_id, unread, open_activities, sequence""";
    private static final String UPSERT_NEXT = """
            INSERT INTO agent_counters (tenant_id, agent_id, unread, open_activities, sequence)
            SELECT :tenant, x.agent, x.unread, x.activities, 1
              FROM %s AS x(agent text, unread bigint, activities bigint) ORDER BY x.agent
            ON CONFLICT (tenant_id, agent_id) DO UPDATE SET unread = agent_counters.unread + EXCLUDED.unread,
                   open_activities = agent_counters.open_activities + EXCLUDED.open_activities,
                   sequence = agent_counters.sequence + 1, updated_at = now()
            RETURNING agent_id, unread, open_activities, sequence""".formatted(ROWS);
    private static final String LOG = """
            INSERT INTO agent_counter_changes (tenant_id, agent_id, sequence, frame)
            SELECT :tenant, x.agent, x.sequence, x.frame FROM %s AS x(agent text, sequence bigint, frame text)""".formatted(ROWS);

    /** A frame to keep in an agent's change log. */
    public record LoggedChange(String agentId, long sequence, String frame) {
    }

    private final ObjectMapper mapper;

    public CounterRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Uni<Void> ensureAgent(String tenant, String agentId) {
        return ensureAgents(tenant, List.of(agentId));
    }

    public Uni<Void> ensureAgents(String tenant, Collection<String> agentIds) {
        ArrayNode rows = mapper.createArrayNode();
        agentIds.forEach(a -> rows.addObject().put("agent", a));
        return Panache.getSession().chain(s -> s.createNativeQuery(ENSURE_AGENTS)
                .setParameter("tenant", tenant).setParameter("rows", rows.toString()).executeUpdate()).replaceWithVoid();
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

    /** The common case (the agents the changes touched): one statement. */
    private Uni<List<AgentRow>> applyToSome(String tenant, Map<String, CounterDelta.AgentDelta> deltas) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String rows = deltaRows(deltas);
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT_NEXT, Object[].class)
                .setParameter("tenant", tenant).setParameter("rows", rows).getResultList())
                .map(CounterRepository::agentRows);
    }

    private Uni<List<AgentRow>> applyToEveryAgent(String tenant, Map<String, CounterDelta.AgentDelta> deltas) {
        return ensureAgents(tenant, deltas.keySet()).chain(() -> Panache.getSession()).chain(s -> {
            Uni<Void> chain = s.createNativeQuery(LOCK_ALL_AGENTS, String.class).setParameter("tenant", tenant)
                    .getResultList().replaceWithVoid();
            if (!deltas.isEmpty()) {
                String rows = deltaRows(deltas);
                chain = chain.chain(() -> s.createNativeQuery(ADD).setParameter("tenant", tenant)
                        .setParameter("rows", rows).executeUpdate().replaceWithVoid());
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

    public Uni<Void> log(String tenant, List<LoggedChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode rows = mapper.createArrayNode();
        changes.forEach(c -> rows.addObject().put("agent", c.agentId()).put("sequence", c.sequence()).put("frame", c.frame()));
        return Panache.getSession().chain(s -> s.createNativeQuery(LOG)
                .setParameter("tenant", tenant).setParameter("rows", rows.toString()).executeUpdate()).replaceWithVoid();
    }

    private String deltaRows(Map<String, CounterDelta.AgentDelta> deltas) {
        ArrayNode rows = mapper.createArrayNode();
        new TreeMap<>(deltas).forEach((agent, d) -> rows.addObject().put("agent", agent)
                .put("unread", d.unread()).put("activities", d.openActivities()));
        return rows.toString();
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
