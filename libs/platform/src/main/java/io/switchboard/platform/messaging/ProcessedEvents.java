package io.switchboard.platform.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Idempotent consumers: claim an event id in the same transaction as the effect. Insert first: a concurrent or
 * repeated delivery finds the key taken and the claim answers false ("already done"); never check-then-insert.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final String CLAIM = """
            INSERT INTO processed_events (consumer, event_id) VALUES (:consumer, :id)
            ON CONFLICT DO NOTHING""";

    /** @return true the first time this consumer sees the event, false on a redelivery. Needs a transaction. */
    public Uni<Boolean> claim(String consumer, UUID eventId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM)
                        .setParameter("consumer", consumer)
                        .setParameter("id", eventId)
                        .executeUpdate())
                .map(rows -> rows == 1);
    }
}
