package io.switchboard.customer.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.EventType;
import io.switchboard.customer.domain.Customer;
import io.switchboard.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The one way a change to the customer aggregate is recorded: bump the row's event sequence (the caller
 * holds its row lock or has just created it) and append the event to the outbox in the same transaction.
 */
@ApplicationScoped
public class CustomerEventLog {

    private final Outbox outbox;

    public CustomerEventLog(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> record(Customer customer, EventType type, Record data) {
        customer.eventSequence++;
        customer.updatedAt = Instant.now();
        String id = customer.id.toString();
        return outbox.append(type, customer.tenantId, id, id, customer.eventSequence, data).replaceWithVoid();
    }
}
