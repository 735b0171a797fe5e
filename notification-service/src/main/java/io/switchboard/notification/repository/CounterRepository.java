package io.switchboard.notification.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smallrye.mutiny.Uni;
import io.switchboard.notification.domain.CounterDelta;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * agent_counters, tenant_counters and the agent_counter_changes log; every method runs in the caller's
 * transaction, on its connection. Lock order (deadlock-free): conversation rows by key, then per tenant in tenant
 * order: the tenant row, then its agent rows by agent id. Statements that need no answer before the next are sent
 * together (the connection pipelines them; PostgreSQL still runs them one after another, in the order sent).
 */
@ApplicationScoped
public class CounterRepository {

    /** An agent's counters and sequence right after a change. */
    public record AgentRow(String agentId, long unread, long openActivities, long sequence) {
    }

    public record TenantRow(long unassigned, long sequence) {
    }

    // Rows of a batch travel as one JSON document (cast from text in SQL), in agent id order: the lock order.
    private static final String ROWS = "jsonb_to_recordset(CAST(CAST($2 AS text) AS jsonb))";
    private static final String ENSURE_AGENTS = """
            INSERT INTO agent_counters (tenant_id, agent_id)
            SELECT $1, x.agent FROM %s AS x(agent text) ORDER BY x.agent ON CONFLICT DO NOTHING""".formatted(ROWS);
    private static final String BUMP_TENANT = """
            INSERT INTO tenant_counters (tenant_id, unassigned, sequence) VALUES ($1, $2, 1)
            ON CONFLICT (tenant_id) DO UPDATE SET unassigned = tenant_counters.unassigned + $2,
                   sequence = tenant_counters.sequence + 1, updated_at = now()
            RETURNING unassigned, sequence""";
    private static final String UNASSIGNED = "SELECT coalesce((SELECT unassigned FROM tenant_counters WHERE tenant_id = $1), 0)";
    private static final String LOCK_ALL_AGENTS = """
            SELECT agent_id FROM agent_counters WHERE tenant_id = $1 ORDER BY agent_id FOR UPDATE""";
    private static final String ADD = """
            UPDATE agent_counters a SET unread = a.unread + x.unread, open_activities = a.open_activities + x.activities
              FROM %s AS x(agent text, unread bigint, activities bigint)
             WHERE a.tenant_id = $1 AND a.agent_id = x.agent""".formatted(ROWS);
    private static final String NEXT_SEQUENCE_ALL = """
            UPDATE agent_counters SET sequence = sequence + 1, updated_at = now() WHERE tenant_id = $1
            RETURNING agent_id, unread, open_activities, sequence""";
    private static final String UPSERT_NEXT = """
            INSERT INTO agent_counters (tenant_id, agent_id, unread, open_activities, sequence)
            SELECT $1, x.agent, x.unread, x.activities, 1
              FROM %s AS x(agent text, unread bigint, activities bigint) ORDER BY x.agent
            ON CONFLICT (tenant_id, agent_id) DO UPDATE SET unread = agent_counters.unread + EXCLUDED.unread,
                   open_activities = agent_counters.open_activities + EXCLUDED.open_activities,
                   sequence = agent_counters.sequence + 1, updated_at = now()
            RETURNING agent_id, unread, open_activities, sequence""".formatted(ROWS);
    private static final String LOG = """
            INSERT INTO agent_counter_changes (tenant_id, agent_id, sequence, frame)
            SELECT $1, x.agent, x.sequence, x.frame FROM %s AS x(agent text, sequence bigint, frame text)""".formatted(ROWS);

    /** A frame to keep in an agent's change log. */
    public record LoggedChange(String agentId, long sequence, String frame) {
    }

    private final ObjectMapper mapper;

    public CounterRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Uni<Void> ensureAgent(SqlConnection connection, String tenant, String agentId) {
        return ensureAgents(connection, tenant, List.of(agentId));
    }

    private Uni<Void> ensureAgents(SqlConnection connection, String tenant, Collection<String> agentIds) {
        ArrayNode rows = mapper.createArrayNode();
        agentIds.forEach(a -> rows.addObject().put("agent", a));
        return connection.preparedQuery(ENSURE_AGENTS).execute(Tuple.of(tenant, rows.toString())).replaceWithVoid();
    }

    public Uni<TenantRow> addUnassigned(SqlConnection connection, String tenant, long delta) {
        return connection.preparedQuery(BUMP_TENANT).execute(Tuple.of(tenant, delta))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new TenantRow(r.getLong(0), r.getLong(1));
                });
    }

    /** Read after the agent rows are locked, so it is the value committed together with their sequences. */
    public Uni<Long> unassigned(SqlConnection connection, String tenant) {
        return connection.preparedQuery(UNASSIGNED).execute(Tuple.of(tenant)).map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Applies the per-agent deltas and gives each touched agent (every agent of the tenant when
     * {@code everyAgent}) its next sequence; returns their counters after the change.
     */
    public Uni<List<AgentRow>> applyAndSequence(SqlConnection connection, String tenant,
            Map<String, CounterDelta.AgentDelta> deltas, boolean everyAgent) {
        return everyAgent ? applyToEveryAgent(connection, tenant, deltas) : applyToSome(connection, tenant, deltas);
    }

    /** The common case (the agents the changes touched): one statement. */
    private Uni<List<AgentRow>> applyToSome(SqlConnection connection, String tenant, Map<String, CounterDelta.AgentDelta> deltas) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return connection.preparedQuery(UPSERT_NEXT).execute(Tuple.of(tenant, deltaRows(deltas))).map(CounterRepository::agentRows);
    }

    /** Ensure the touched agents' rows, lock every row of the tenant, add, sequence: sent together. */
    private Uni<List<AgentRow>> applyToEveryAgent(SqlConnection connection, String tenant,
            Map<String, CounterDelta.AgentDelta> deltas) {
        List<Uni<Void>> before = new ArrayList<>(3);
        before.add(ensureAgents(connection, tenant, deltas.keySet()));
        before.add(connection.preparedQuery(LOCK_ALL_AGENTS).execute(Tuple.of(tenant)).replaceWithVoid());
        if (!deltas.isEmpty()) {
            before.add(connection.preparedQuery(ADD).execute(Tuple.of(tenant, deltaRows(deltas))).replaceWithVoid());
        }
        Uni<List<AgentRow>> next = connection.preparedQuery(NEXT_SEQUENCE_ALL).execute(Tuple.of(tenant)).map(CounterRepository::agentRows);
        return Uni.combine().all().unis(Uni.join().all(before).andFailFast(), next).with((done, rows) -> rows);
    }

    /** The next sequence of one agent with unchanged counters (a notification frame). */
    public Uni<AgentRow> nextSequence(SqlConnection connection, String tenant, String agentId) {
        return applyToSome(connection, tenant, Map.of(agentId, new CounterDelta.AgentDelta(0, 0))).map(rows -> rows.get(0));
    }

    public Uni<Void> log(SqlConnection connection, String tenant, List<LoggedChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode rows = mapper.createArrayNode();
        changes.forEach(c -> rows.addObject().put("agent", c.agentId()).put("sequence", c.sequence()).put("frame", c.frame()));
        return connection.preparedQuery(LOG).execute(Tuple.of(tenant, rows.toString())).replaceWithVoid();
    }

    private String deltaRows(Map<String, CounterDelta.AgentDelta> deltas) {
        ArrayNode rows = mapper.createArrayNode();
        new TreeMap<>(deltas).forEach((agent, d) -> rows.addObject().put("agent", agent)
                .put("unread", d.unread()).put("activities", d.openActivities()));
        return rows.toString();
    }

    private static List<AgentRow> agentRows(RowSet<Row> rows) {
        List<AgentRow> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new AgentRow(r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3)));
        }
        return out;
    }
}
