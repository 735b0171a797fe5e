package io.switchboard.customer.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.CustomerEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.customer.api.CrmRequests;
import io.switchboard.customer.domain.CustomerList;
import io.switchboard.customer.repository.CustomerRepository;
import io.switchboard.customer.repository.NativeSql;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Lists and memberships; adding and removing are events of the customer (its row lock, its sequence). */
@ApplicationScoped
public class ListService {

    private static final String INSERT_LIST = """
            INSERT INTO customer_lists (id, tenant_id, name, created_by, created_at) VALUES (:id, :t, :name, :by, :at)
            ON CONFLICT (tenant_id, name) DO NOTHING""";
    private static final String ADD = """
            INSERT INTO customer_list_members (list_id, customer_id, tenant_id, added_at) VALUES (:l, :c, :t, :at)
            ON CONFLICT DO NOTHING""";
    private static final String REMOVE = "DELETE FROM customer_list_members WHERE list_id = :l AND customer_id = :c";

    private final CustomerRepository customers;
    private final CustomerEventLog events;

    public ListService(CustomerRepository customers, CustomerEventLog events) {
        this.customers = customers;
        this.events = events;
    }

    @WithTransaction
    public Uni<CrmRequests.ListView> create(Caller caller, String name) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        String trimmed = name.trim();
        return NativeSql.update(INSERT_LIST, Map.of("id", id, "t", caller.tenantId(), "name", trimmed, "by", caller.id(),
                "at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))).map(n -> {
                    if (n == 0) {
                        throw ProblemException.conflict("a list named '" + trimmed + "' already exists");
                    }
                    return new CrmRequests.ListView(id, trimmed, caller.id(), now);
                });
    }

    @WithSession
    public Uni<List<CrmRequests.ListView>> all(Caller caller) {
        return CustomerList.<CustomerList>find("tenantId = ?1 order by name", caller.tenantId()).list()
                .map(lists -> lists.stream().map(ListService::view).toList());
    }

    @WithTransaction
    public Uni<Void> add(Caller caller, UUID listId, UUID customerId) {
        return customers.lock(caller.tenantId(), customerId).chain(c -> list(caller, listId).chain(l -> NativeSql
                .update(ADD, Map.of("l", l.id, "c", c.id, "t", c.tenantId, "at", OffsetDateTime.now(ZoneOffset.UTC)))
                .chain(n -> n == 0 ? Uni.createFrom().voidItem() // already a member: nothing happened
                        : events.record(c, EventType.CUSTOMER_ADDED_TO_LIST, new CustomerEvents.ListMembershipChanged(
                                c.id.toString(), l.id.toString(), l.name, caller.actor())))));
    }

    @WithTransaction
    public Uni<Void> remove(Caller caller, UUID listId, UUID customerId) {
        return customers.lock(caller.tenantId(), customerId).chain(c -> list(caller, listId).chain(l -> NativeSql
                .update(REMOVE, Map.of("l", l.id, "c", c.id))
                .chain(n -> n == 0 ? Uni.createFrom().voidItem()
                        : events.record(c, EventType.CUSTOMER_REMOVED_FROM_LIST, new CustomerEvents.ListMembershipChanged(
                                c.id.toString(), l.id.toString(), l.name, caller.actor())))));
    }

    private static Uni<CustomerList> list(Caller caller, UUID listId) {
        return CustomerList.<CustomerList>find("id = ?1 and tenantId = ?2", listId, caller.tenantId()).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("list " + listId));
    }

    private static CrmRequests.ListView view(CustomerList l) {
        return new CrmRequests.ListView(l.id, l.name, l.createdBy, l.createdAt);
    }
}
