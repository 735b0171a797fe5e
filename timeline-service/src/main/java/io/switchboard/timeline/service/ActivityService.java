package io.switchboard.timeline.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.EventType;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.outbox.Outbox;
import io.switchboard.platform.security.Caller;
import io.switchboard.timeline.repository.TimelineAggregates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Integration entries: one catalogued event through the outbox, under the customer's timeline lock. */
@ApplicationScoped
public class ActivityService {

    public record Logged(UUID id, String customerId, String type, OffsetDateTime occurredAt, boolean created) {
    }

    private final TimelineAggregates aggregates;
    private final Outbox outbox;

    public ActivityService(TimelineAggregates aggregates, Outbox outbox) {
        this.aggregates = aggregates;
        this.outbox = outbox;
    }

    /** @param data builds the event's data from the new activity id */
    @WithTransaction
    public Uni<Logged> log(Caller caller, String customer, EventType type, OffsetDateTime occurredAt,
            String idempotencyKey, Function<String, Record> data) {
        String tenant = caller.tenantId();
        return aggregates.customerKnown(tenant, customer).chain(known -> {
            if (!known) {
                throw ProblemException.notFound("customer " + customer);
            }
            return aggregates.lock(tenant, customer);
        }).chain(last -> existing(tenant, caller.id(), idempotencyKey).chain(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            UUID id = UUID.randomUUID();
            return Panache.getSession().chain(s -> s.createNativeQuery("""
                            INSERT INTO activities (id, tenant_id, customer_id, type, actor_id, idempotency_key, occurred_at)
                            VALUES (:id, :t, :c, :type, :actor, :key, :at)""")
                    .setParameter("id", id).setParameter("t", tenant).setParameter("c", customer)
                    .setParameter("type", type.typeName()).setParameter("actor", caller.id())
                    .setParameter("key", idempotencyKey).setParameter("at", occurredAt).executeUpdate())
                    .chain(() -> outbox.append(type, tenant, customer, customer, last + 1, data.apply(id.toString())))
                    .chain(() -> aggregates.advance(tenant, customer, last + 1))
                    .replaceWith(new Logged(id, customer, type.typeName(), occurredAt, true));
        })).onFailure(f -> IdempotencyClash.is(f, "activities_idempotency")).transform(f -> IdempotencyClash.conflict());
    }

    private Uni<Logged> existing(String tenant, String actor, String key) {
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        SELECT id, customer_id, type, occurred_at FROM activities
                         WHERE tenant_id = :t AND actor_id = :a AND idempotency_key = :k""", Object[].class)
                .setParameter("t", tenant).setParameter("a", actor).setParameter("k", key).getResultList())
                .map((List<Object[]> rows) -> rows.isEmpty() ? null : new Logged((UUID) rows.get(0)[0],
                        (String) rows.get(0)[1], (String) rows.get(0)[2],
                        rows.get(0)[3] instanceof OffsetDateTime o ? o.withOffsetSameInstant(ZoneOffset.UTC)
                                : OffsetDateTime.parse(rows.get(0)[3].toString()), false));
    }
}
