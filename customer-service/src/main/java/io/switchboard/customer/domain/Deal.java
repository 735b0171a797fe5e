package io.switchboard.customer.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Part of the customer aggregate: its events are numbered on the customer row. */
@Entity
@Table(name = "deals")
public class Deal extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "customer_id", nullable = false, updatable = false)
    public UUID customerId;

    public String title;

    @Enumerated(EnumType.STRING)
    public DealStage stage;

    public BigDecimal amount;

    public String currency;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
