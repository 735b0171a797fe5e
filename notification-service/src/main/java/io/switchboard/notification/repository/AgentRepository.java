package io.switchboard.notification.repository;

import io.smallrye.mutiny.Uni;
import io.switchboard.notification.service.PresenceService;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The agents table (directory): plain statements on the caller's connection (in its transaction) or on the pool. */
@ApplicationScoped
public class AgentRepository {

    public record AgentRow(String agentId, String displayName, String email, String roles, String availability,
            long eventSequence, boolean online, OffsetDateTime createdAt) {
    }

    private static final String COLUMNS = """
            a.agent_id, a.display_name, a.email, a.roles, a.availability, a.event_sequence,
            """ + PresenceService.ONLINE + " AS online, a.created_at";

    private static final String INSERT = """
            INSERT INTO agents (tenant_id, agent_id, display_name, email, roles, event_sequence)
            VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT DO NOTHING""";
    // $1 is the presence timeout (PresenceService.ONLINE).
    private static final String FIND = "SELECT " + COLUMNS + " FROM agents a WHERE a.tenant_id = $2 AND a.agent_id = $3";
    private static final String LOCK = "SELECT availability, event_sequence FROM agents WHERE tenant_id = $1 AND agent_id = $2 FOR UPDATE";
    private static final String SET_AVAILABILITY = """
            UPDATE agents SET availability = $3, event_sequence = event_sequence + 1, updated_at = now()
             WHERE tenant_id = $1 AND agent_id = $2 RETURNING event_sequence""";
    private static final String LIST = "SELECT " + COLUMNS + " FROM agents a WHERE a.tenant_id = $2 ORDER BY a.agent_id";

    private final PresenceService presence;

    public AgentRepository(PresenceService presence) {
        this.presence = presence;
    }

    /** @return true when this call created the agent */
    public Uni<Boolean> insert(SqlClient client, String tenant, String agentId, String displayName, String email, String roles) {
        return client.preparedQuery(INSERT).execute(Tuple.of(tenant, agentId, displayName, email, roles))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<AgentRow> find(SqlClient client, String tenant, String agentId) {
        return client.preparedQuery(FIND).execute(Tuple.of(presence.timeoutMillis(), tenant, agentId))
                .map(rows -> rows.size() == 0 ? null : row(rows.iterator().next()));
    }

    public Uni<List<AgentRow>> list(SqlClient client, String tenant) {
        return client.preparedQuery(LIST).execute(Tuple.of(presence.timeoutMillis(), tenant)).map(rows -> {
            List<AgentRow> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(row(r)));
            return out;
        });
    }

    /** @return the current availability, with the row locked until the transaction ends */
    public Uni<String> lockAvailability(SqlConnection connection, String tenant, String agentId) {
        return connection.preparedQuery(LOCK).execute(Tuple.of(tenant, agentId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /** @return the agent's next event sequence */
    public Uni<Long> setAvailability(SqlConnection connection, String tenant, String agentId, String availability) {
        return connection.preparedQuery(SET_AVAILABILITY).execute(Tuple.of(tenant, agentId, availability))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static AgentRow row(Row r) {
        return new AgentRow(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getLong(5), r.getBoolean(6), r.getOffsetDateTime(7));
    }
}
