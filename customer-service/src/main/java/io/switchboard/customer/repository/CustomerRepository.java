package io.switchboard.customer.repository;

import io.smallrye.mutiny.Uni;
import io.switchboard.customer.domain.Customer;
import io.switchboard.platform.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

/** Tenant-scoped access to the aggregate root: another tenant's id is simply not found. */
@ApplicationScoped
public class CustomerRepository {

    /** Reads without locking (inside a session). */
    public Uni<Customer> get(String tenantId, UUID id) {
        return Customer.<Customer>find("id = ?1 and tenantId = ?2", id, tenantId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("customer " + id));
    }

    /**
     * Loads the row with FOR UPDATE: every command on the aggregate takes this lock first, so the
     * event sequence stays gap-free and in commit order.
     */
    public Uni<Customer> lock(String tenantId, UUID id) {
        return Customer.<Customer>find("id = ?1 and tenantId = ?2", id, tenantId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("customer " + id));
    }
}
