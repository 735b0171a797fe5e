package io.switchboard.customer.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The sale that closes a deal (at most one per deal). */
@Entity
@Table(name = "sales")
public class Sale extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "deal_id", nullable = false, updatable = false)
    public UUID dealId;

    @Column(name = "customer_id", nullable = false, updatable = false)
    public UUID customerId;

    public BigDecimal amount;

    public String currency;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
