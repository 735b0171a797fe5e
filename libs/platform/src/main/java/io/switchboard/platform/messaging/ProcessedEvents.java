package io.switchboard.platform.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Idempotent consumers: claim an event id in the same transaction as the effect. Insert first: a concurrent or
 * repeated delivery finds the key taken and the claim answers false ("already done"); never check-then-insert.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final String CLAIM = """
            INSERT INTO processed_events (consumer, event_id) VALUES (:consumer, :id)
            ON CONFLICT DO NOTHING""";
    // Sorted: two batches claiming overlapping ids (a rebalance) take the key locks in one order, never deadlock.
    private static final String CLAIM_ALL = """
            INSERT INTO processed_events (consumer, event_id)
            SELECT $1, CAST(id AS uuid) FROM unnest(string_to_array(CAST($2 AS text), ',')) AS ids(id) ORDER BY 2
            ON CONFLICT DO NOTHING RETURNING CAST(event_id AS text)""";

    /** @return true the first time this consumer sees the event, false on a redelivery. Needs a transaction. */
    public Uni<Boolean> claim(String consumer, UUID eventId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM)
                        .setParameter("consumer", consumer)
                        .setParameter("id", eventId)
                        .executeUpdate())
                .map(rows -> rows == 1);
    }

    /**
     * The batch form of {@link #claim}, on a plain reactive connection in its transaction: which of {@code eventIds}
     * this consumer sees for the first time (a set of its own). Plain, not through a Hibernate session: a native
     * SELECT there adds a query-plan cache entry on every call (docs/CONVENTIONS.md).
     */
    public Uni<Set<UUID>> claimAll(SqlClient connection, String consumer, Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        return connection.preparedQuery(CLAIM_ALL).execute(Tuple.of(consumer, joined(eventIds)))
                .map(rows -> {
                    Set<UUID> first = new HashSet<>(rows.size() * 2);
                    rows.forEach(r -> first.add(UUID.fromString(r.getString(0))));
                    return first;
                });
    }

    private static String joined(Collection<UUID> eventIds) {
        return new TreeSet<>(eventIds).stream().map(UUID::toString).collect(Collectors.joining(","));
    }
}
