package io.switchboard.customer.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.CustomerEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.customer.domain.Customer;
import io.switchboard.customer.repository.CustomerRepository;
import io.switchboard.customer.repository.NativeSql;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Related customers, linked both ways: each side is its own aggregate, so a link is one event on each
 * (both timelines show it). Both rows are locked in id order, so two opposite links cannot deadlock.
 */
@ApplicationScoped
public class RelationService {

    public record Related(UUID customerId, String displayName, String relation) {
    }

    private static final String LINK = """
            INSERT INTO customer_relations (tenant_id, customer_id, related_id, relation, created_at)
            VALUES (:t, :a, :b, :r, :at), (:t, :b, :a, :r, :at) ON CONFLICT DO NOTHING""";
    private static final String UNLINK = """
            DELETE FROM customer_relations WHERE (customer_id = :a AND related_id = :b) OR (customer_id = :b AND related_id = :a)
            RETURNING relation""";
    private static final String RELATED = """
            SELECT CAST(r.related_id AS text), c.display_name, r.relation FROM customer_relations r
              JOIN customers c ON c.id = r.related_id
             WHERE r.customer_id = :id AND r.tenant_id = :t ORDER BY c.display_name, r.related_id""";

    private final CustomerRepository customers;
    private final CustomerEventLog events;

    public RelationService(CustomerRepository customers, CustomerEventLog events) {
        this.customers = customers;
        this.events = events;
    }

    @WithTransaction
    public Uni<Void> link(Caller caller, UUID id, UUID otherId, String relation) {
        String r = relation == null ? "RELATED" : relation;
        return lockBoth(caller, id, otherId).chain(pair -> NativeSql.update(LINK, Map.of("t", caller.tenantId(),
                "a", id, "b", otherId, "r", r, "at", OffsetDateTime.now(ZoneOffset.UTC)))
                .chain(n -> n == 0 ? Uni.createFrom().voidItem() // already linked
                        : announce(caller, pair, EventType.CUSTOMER_RELATED_LINKED, r)));
    }

    @WithTransaction
    public Uni<Void> unlink(Caller caller, UUID id, UUID otherId) {
        return lockBoth(caller, id, otherId).chain(pair -> NativeSql.list(UNLINK, String.class, Map.of("a", id, "b", otherId))
                .chain(removed -> removed.isEmpty() ? Uni.createFrom().voidItem()
                        : announce(caller, pair, EventType.CUSTOMER_RELATED_UNLINKED, removed.get(0))));
    }

    @WithSession
    public Uni<List<Related>> of(Caller caller, UUID id) {
        return customers.get(caller.tenantId(), id)
                .chain(c -> NativeSql.list(RELATED, Object[].class, Map.of("id", id, "t", caller.tenantId())))
                .map(rows -> rows.stream()
                        .map(r -> new Related(UUID.fromString((String) r[0]), (String) r[1], (String) r[2])).toList());
    }

    /** Answers [customer, other] after locking both rows in id order. */
    private Uni<Customer[]> lockBoth(Caller caller, UUID id, UUID otherId) {
        if (id.equals(otherId)) {
            throw ProblemException.badRequest("a customer cannot be related to itself");
        }
        boolean idFirst = id.compareTo(otherId) < 0;
        UUID first = idFirst ? id : otherId;
        UUID second = idFirst ? otherId : id;
        return customers.lock(caller.tenantId(), first).chain(a -> customers.lock(caller.tenantId(), second)
                .map(b -> idFirst ? new Customer[] {a, b} : new Customer[] {b, a}));
    }

    private Uni<Void> announce(Caller caller, Customer[] pair, EventType type, String relation) {
        Customer a = pair[0];
        Customer b = pair[1];
        return events.record(a, type, new CustomerEvents.RelationChanged(a.id.toString(), b.id.toString(), relation, caller.actor()))
                .chain(() -> events.record(b, type,
                        new CustomerEvents.RelationChanged(b.id.toString(), a.id.toString(), relation, caller.actor())));
    }
}
