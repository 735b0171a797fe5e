package io.switchboard.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.notification.service.PresenceService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The agents table (directory); methods run in the caller's session/transaction. */
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
            VALUES (:tenant, :agent, :name, :email, :roles, 1) ON CONFLICT DO NOTHING""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM agents a WHERE a.tenant_id = :tenant AND a.agent_id = :agent";
    private static final String LOCK = "SELECT availability, event_sequence FROM agents WHERE tenant_id = :tenant AND agent_id = :agent FOR UPDATE";
    private static final String SET_AVAILABILITY = """
            UPDATE agents SET availability = :availability, event_sequence = event_sequence + 1, updated_at = now()
             WHERE tenant_id = :tenant AND agent_id = :agent RETURNING event_sequence""";
    private static final String LIST = "SELECT " + COLUMNS + " FROM agents a WHERE a.tenant_id = :tenant ORDER BY a.agent_id";

    private final PresenceService presence;

    public AgentRepository(PresenceService presence) {
        this.presence = presence;
    }

    /** @return true when this call created the agent */
    public Uni<Boolean> insert(String tenant, String agentId, String displayName, String email, String roles) {
        return Panache.getSession().chain(s -> s.createNativeQuery(INSERT)
                .setParameter("tenant", tenant).setParameter("agent", agentId).setParameter("name", displayName)
                .setParameter("email", email).setParameter("roles", roles).executeUpdate())
                .map(n -> n == 1);
    }

    public Uni<AgentRow> find(String tenant, String agentId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(FIND, Object[].class)
                .setParameter("tenant", tenant).setParameter("agent", agentId)
                .setParameter("timeoutMillis", presence.timeoutMillis()).getSingleResultOrNull())
                .map(r -> r == null ? null : row(r));
    }

    public Uni<List<AgentRow>> list(String tenant) {
        return Panache.getSession().chain(s -> s.createNativeQuery(LIST, Object[].class)
                .setParameter("tenant", tenant).setParameter("timeoutMillis", presence.timeoutMillis()).getResultList())
                .map(rows -> {
                    List<AgentRow> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(row(r)));
                    return out;
                });
    }

    /** @return the current availability, with the row locked until the transaction ends */
    public Uni<String> lockAvailability(String tenant, String agentId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(LOCK, Object[].class)
                .setParameter("tenant", tenant).setParameter("agent", agentId).getSingleResultOrNull())
                .map(r -> r == null ? null : (String) r[0]);
    }

    /** @return the agent's next event sequence */
    public Uni<Long> setAvailability(String tenant, String agentId, String availability) {
        return Panache.getSession().chain(s -> s.createNativeQuery(SET_AVAILABILITY, Long.class)
                .setParameter("tenant", tenant).setParameter("agent", agentId)
                .setParameter("availability", availability).getSingleResult());
    }

    private static AgentRow row(Object[] r) {
        return new AgentRow((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                ((Number) r[5]).longValue(), (Boolean) r[6], toOffset(r[7]));
    }

    static OffsetDateTime toOffset(Object o) {
        if (o instanceof OffsetDateTime t) {
            return t;
        }
        if (o instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        if (o instanceof java.time.LocalDateTime l) {
            return l.atOffset(java.time.ZoneOffset.UTC);
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        return null;
    }
}
