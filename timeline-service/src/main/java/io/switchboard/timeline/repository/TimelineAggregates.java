package io.switchboard.timeline.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The per-customer event sequence of what this service publishes on timeline.events. Callers lock it first
 * (inside their transaction) so concurrent comments on one customer get gap-free sequences in commit order.
 */
@ApplicationScoped
public class TimelineAggregates {

    /** Locks the customer's row (creating it at 0) and returns the last sequence used. */
    public Uni<Long> lock(String tenant, String customer) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO timeline_aggregates (tenant_id, customer_id) VALUES (:t, :c) ON CONFLICT DO NOTHING""")
                .setParameter("t", tenant).setParameter("c", customer).executeUpdate()
                .chain(() -> s.createNativeQuery("""
                        SELECT event_sequence FROM timeline_aggregates WHERE tenant_id = :t AND customer_id = :c FOR UPDATE""",
                        Long.class).setParameter("t", tenant).setParameter("c", customer).getSingleResult()));
    }

    public Uni<Void> advance(String tenant, String customer, long sequence) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "UPDATE timeline_aggregates SET event_sequence = :s WHERE tenant_id = :t AND customer_id = :c")
                .setParameter("s", sequence).setParameter("t", tenant).setParameter("c", customer).executeUpdate())
                .replaceWithVoid();
    }

    /** A customer exists for this tenant when at least one event of theirs has reached the timeline. */
    public Uni<Boolean> customerKnown(String tenant, String customer) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT count(*) FROM (SELECT 1 FROM timeline_entries WHERE tenant_id = :t AND customer_id = :c LIMIT 1) x",
                        Long.class).setParameter("t", tenant).setParameter("c", customer).getSingleResult())
                .map(n -> n > 0);
    }
}
