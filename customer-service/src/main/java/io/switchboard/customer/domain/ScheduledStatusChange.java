package io.switchboard.customer.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A status change that takes effect at {@link #effectiveAt}; a row, so it survives restarts. */
@Entity
@Table(name = "scheduled_status_changes")
public class ScheduledStatusChange extends PanacheEntityBase {

    public enum State { PENDING, APPLIED, CANCELLED }

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "customer_id", nullable = false, updatable = false)
    public UUID customerId;

    @Enumerated(EnumType.STRING)
    public CustomerStatus status;

    @Column(name = "effective_at", nullable = false)
    public Instant effectiveAt;

    @Enumerated(EnumType.STRING)
    public State state = State.PENDING;

    @Column(name = "actor_kind", nullable = false)
    public String actorKind;

    @Column(name = "actor_id")
    public String actorId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
