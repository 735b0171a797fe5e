package io.switchboard.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The counters as maintained and as recomputed from conversation_states; in the caller's transaction. */
@ApplicationScoped
public class ReconcileRepository {

    public record Pair(long unread, long openActivities) {
    }

    private static final String ENSURE_TENANT = "INSERT INTO tenant_counters (tenant_id) VALUES (:tenant) ON CONFLICT DO NOTHING";
    private static final String LOCK_TENANT = "SELECT unassigned FROM tenant_counters WHERE tenant_id = :tenant FOR UPDATE";
    private static final String LOCK_AGENTS = """
            SELECT agent_id, unread, open_activities FROM agent_counters WHERE tenant_id = :tenant ORDER BY agent_id FOR UPDATE""";
    private static final String RECOUNT_AGENTS = """
            SELECT assignee_id, count(*) FILTER (WHERE unread), count(*) FILTER (WHERE activity_open)
              FROM conversation_states WHERE tenant_id = :tenant AND assignee_id IS NOT NULL GROUP BY assignee_id""";
    private static final String RECOUNT_QUEUE = """
            SELECT count(*) FROM conversation_states WHERE tenant_id = :tenant AND assignee_id IS NULL AND status = 'OPEN'""";

    /** Locks the tenant row: from here until commit no counter of the tenant moves. */
    public Uni<Long> lockQueue(String tenant) {
        return Panache.getSession().chain(s -> s.createNativeQuery(ENSURE_TENANT).setParameter("tenant", tenant).executeUpdate()
                .chain(() -> s.createNativeQuery(LOCK_TENANT, Long.class).setParameter("tenant", tenant).getSingleResult()));
    }

    public Uni<Map<String, Pair>> lockAgents(String tenant) {
        return Panache.getSession().chain(s -> s.createNativeQuery(LOCK_AGENTS, Object[].class)
                .setParameter("tenant", tenant).getResultList()).map(ReconcileRepository::pairs);
    }

    /** Read after the locks: the states committed together with the counters just locked. */
    public Uni<Map<String, Pair>> recountAgents(String tenant) {
        return Panache.getSession().chain(s -> s.createNativeQuery(RECOUNT_AGENTS, Object[].class)
                .setParameter("tenant", tenant).getResultList()).map(ReconcileRepository::pairs);
    }

    public Uni<Long> recountQueue(String tenant) {
        return Panache.getSession().chain(s -> s.createNativeQuery(RECOUNT_QUEUE, Long.class)
                .setParameter("tenant", tenant).getSingleResult());
    }

    private static Map<String, Pair> pairs(List<Object[]> rows) {
        Map<String, Pair> out = new TreeMap<>();
        for (Object[] r : rows) {
            out.put((String) r[0], new Pair(((Number) r[1]).longValue(), ((Number) r[2]).longValue()));
        }
        return out;
    }
}
