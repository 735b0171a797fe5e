package io.switchboard.customer.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.Actor;
import io.switchboard.contracts.Change;
import io.switchboard.contracts.CustomerEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.customer.api.CustomerView;
import io.switchboard.customer.config.CustomerConfig;
import io.switchboard.customer.domain.Customer;
import io.switchboard.customer.domain.CustomerStatus;
import io.switchboard.customer.domain.ScheduledStatusChange;
import io.switchboard.customer.repository.CustomerRepository;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Lead status now or at a future time. Scheduled changes are rows; {@link #applyDue()} claims due ones with
 * FOR UPDATE SKIP LOCKED, so replicas split them and each fires once, and a crash mid-way rolls the claim back.
 *
 * Lock order: commands lock the customer row, then its scheduled row. The poller holds scheduled rows and only
 * tries the customer with SKIP LOCKED (a busy customer waits for the next poll), so the two never deadlock.
 */
@ApplicationScoped
public class StatusService {

    // now(), not clock_timestamp(): only a stable bound is an index condition. With a volatile one the poll (frequent,
    // on every replica) would walk every future change before finding none due.
    private static final String CLAIM_DUE = """
            SELECT CAST(id AS text), CAST(customer_id AS text) FROM scheduled_status_changes
             WHERE state = 'PENDING' AND effective_at <= now()
             ORDER BY effective_at LIMIT :n FOR UPDATE SKIP LOCKED""";
    private static final String TRY_LOCK_CUSTOMER = "SELECT CAST(id AS text) FROM customers WHERE id = :id FOR UPDATE SKIP LOCKED";

    private final CustomerRepository customers;
    private final CustomerService profiles;
    private final CustomerEventLog events;
    private final CustomerConfig config;

    public StatusService(CustomerRepository customers, CustomerService profiles, CustomerEventLog events,
            CustomerConfig config) {
        this.customers = customers;
        this.profiles = profiles;
        this.events = events;
        this.config = config;
    }

    public static CustomerStatus parse(String status) {
        try {
            return CustomerStatus.valueOf(status);
        } catch (RuntimeException e) {
            throw ProblemException.invalid("status", "must be one of " + Arrays.toString(CustomerStatus.values()));
        }
    }

    @WithTransaction
    public Uni<CustomerView> change(Caller caller, UUID id, CustomerStatus status, Instant effectiveAt) {
        Instant now = Instant.now();
        if (effectiveAt == null || !effectiveAt.isAfter(now)) {
            return changeNow(caller, id, status);
        }
        if (effectiveAt.isAfter(now.plus(config.statusMaxAhead()))) {
            throw ProblemException.invalid("effectiveAt", "must be within " + config.statusMaxAhead().toDays() + " days");
        }
        return customers.lock(caller.tenantId(), id).chain(c -> pending(c.id, false).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("a status change is already scheduled (" + existing.id
                        + "); cancel it first");
            }
            ScheduledStatusChange s = new ScheduledStatusChange();
            s.id = UUID.randomUUID();
            s.tenantId = c.tenantId;
            s.customerId = c.id;
            s.status = status;
            s.effectiveAt = effectiveAt;
            s.actorKind = caller.actor().kind().name();
            s.actorId = caller.actor().id();
            s.createdAt = now;
            return s.persist()
                    .chain(() -> events.record(c, EventType.CUSTOMER_STATUS_CHANGE_SCHEDULED,
                            new CustomerEvents.StatusChangeScheduled(c.id.toString(), s.id.toString(), status.name(),
                                    effectiveAt, caller.actor())))
                    .chain(() -> profiles.view(c));
        }));
    }

    private Uni<CustomerView> changeNow(Caller caller, UUID id, CustomerStatus status) {
        return customers.lock(caller.tenantId(), id).chain(c -> {
            if (c.status == status) {
                return profiles.view(c);
            }
            var data = new CustomerEvents.StatusChanged(c.id.toString(), Change.of(c.status.name(), status.name()),
                    null, caller.actor());
            c.status = status;
            return events.record(c, EventType.CUSTOMER_STATUS_CHANGED, data).chain(() -> profiles.view(c));
        });
    }

    @WithTransaction
    public Uni<Void> cancel(Caller caller, UUID id) {
        return customers.lock(caller.tenantId(), id).chain(c -> pending(c.id, true).chain(s -> {
            if (s == null) {
                throw ProblemException.notFound("scheduled status change of customer " + id);
            }
            s.state = ScheduledStatusChange.State.CANCELLED;
            s.finishedAt = Instant.now();
            return events.record(c, EventType.CUSTOMER_STATUS_CHANGE_CANCELLED,
                    new CustomerEvents.StatusChangeCancelled(c.id.toString(), s.id.toString(), s.status.name(),
                            s.effectiveAt, caller.actor()));
        }));
    }

    /** One poll of this replica: applies the due changes it could claim; answers how many it applied. */
    public Uni<Integer> applyDue() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM_DUE, Object[].class)
                        .setParameter("n", config.statusPollBatch()).getResultList())
                .chain(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUniAndConcatenate(row -> applyOne(UUID.fromString((String) row[0]),
                                UUID.fromString((String) row[1])))
                        .collect().asList())
                .map(applied -> (int) applied.stream().filter(Boolean::booleanValue).count()));
    }

    private Uni<Boolean> applyOne(UUID changeId, UUID customerId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(TRY_LOCK_CUSTOMER, String.class)
                        .setParameter("id", customerId).getResultList())
                .chain(locked -> locked.isEmpty()
                        ? Uni.createFrom().item(false) // a command holds the customer: next poll
                        : Customer.<Customer>findById(customerId).chain(c -> ScheduledStatusChange
                                .<ScheduledStatusChange>findById(changeId).chain(s -> apply(c, s))));
    }

    private Uni<Boolean> apply(Customer c, ScheduledStatusChange s) {
        s.state = ScheduledStatusChange.State.APPLIED;
        s.finishedAt = Instant.now();
        if (c.status == s.status) {
            return Uni.createFrom().item(true); // already there (changed by hand meanwhile): nothing to announce
        }
        var data = new CustomerEvents.StatusChanged(c.id.toString(), Change.of(c.status.name(), s.status.name()),
                s.id.toString(), Actor.of(Actor.Kind.valueOf(s.actorKind), s.actorId));
        c.status = s.status;
        return events.record(c, EventType.CUSTOMER_STATUS_CHANGED, data).replaceWith(true);
    }

    private Uni<ScheduledStatusChange> pending(UUID customerId, boolean forUpdate) {
        var q = ScheduledStatusChange.<ScheduledStatusChange>find("customerId = ?1 and state = ?2", customerId,
                ScheduledStatusChange.State.PENDING);
        return (forUpdate ? q.withLock(LockModeType.PESSIMISTIC_WRITE) : q).firstResult();
    }
}
