package io.switchboard.customer.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.Change;
import io.switchboard.contracts.CustomerEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.customer.api.CustomerRequests;
import io.switchboard.customer.api.CustomerView;
import io.switchboard.customer.domain.AssignmentPolicy;
import io.switchboard.customer.domain.ContactRules;
import io.switchboard.customer.domain.Customer;
import io.switchboard.customer.domain.IdentityKey;
import io.switchboard.customer.domain.ScheduledStatusChange;
import io.switchboard.customer.repository.CustomerRepository;
import io.switchboard.customer.repository.IdentityRepository;
import io.switchboard.customer.repository.NativeSql;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Profile, assignment and rating: commands on the customer row, each one event through the outbox. */
@ApplicationScoped
public class CustomerService {

    private static final String LISTS_OF = """
            SELECT CAST(l.id AS text), l.name FROM customer_list_members m JOIN customer_lists l ON l.id = m.list_id
             WHERE m.customer_id = :c ORDER BY l.name""";

    private final CustomerRepository customers;
    private final IdentityRepository identities;
    private final CustomerEventLog events;

    public CustomerService(CustomerRepository customers, IdentityRepository identities, CustomerEventLog events) {
        this.customers = customers;
        this.identities = identities;
        this.events = events;
    }

    @WithSession
    public Uni<CustomerView> get(Caller caller, UUID id) {
        return customers.get(caller.tenantId(), id).chain(this::view);
    }

    @WithTransaction
    public Uni<CustomerView> create(Caller caller, CustomerRequests.Create body) {
        Customer c = new Customer();
        c.id = UUID.randomUUID();
        c.tenantId = caller.tenantId();
        c.firstName = trimToNull(body.firstName());
        c.lastName = trimToNull(body.lastName());
        c.identification = trimToNull(body.identification());
        c.emails = orEmpty(ContactRules.emails("emails", body.emails()));
        c.phones = orEmpty(ContactRules.phones("phones", body.phones()));
        c.whatsapp = ContactRules.phone("whatsapp", trimToNull(body.whatsapp()));
        c.addresses = orEmpty(ContactRules.addresses("addresses", body.addresses()));
        c.attributes = withoutNulls(body.attributes());
        ContactRules.attributes("attributes", c.attributes);
        String name = body.displayName() != null ? body.displayName() : fullName(c.firstName, c.lastName);
        c.displayName = Profiles.displayName(name, c);
        Profiles.applyOrigin(c, body.origin());
        c.createdAt = Instant.now();
        c.updatedAt = c.createdAt;
        var data = new CustomerEvents.Created(c.id.toString(), c.displayName, first(c.emails),
                c.phones.isEmpty() ? c.whatsapp : c.phones.get(0), null, null, Profiles.origin(c), caller.actor());
        return claim(c, IdentityKey.contactKeys(c))
                // The event first: it sets event_sequence, so the row is inserted once with its final state.
                .chain(() -> events.record(c, EventType.CUSTOMER_CREATED, data))
                .chain(() -> c.persist())
                .chain(() -> view(c));
    }

    @WithTransaction
    public Uni<CustomerView> patch(Caller caller, UUID id, CustomerRequests.Patch body) {
        // Validate and normalise before touching the row: bad input writes nothing.
        List<String> emails = ContactRules.emails("emails", body.emails());
        List<String> phones = ContactRules.phones("phones", body.phones());
        String whatsapp = body.whatsapp() == null ? null : ContactRules.phone("whatsapp", trimToNull(body.whatsapp()));
        List<String> addresses = ContactRules.addresses("addresses", body.addresses());
        if (body.displayName() != null && body.displayName().isBlank()) {
            throw ProblemException.invalid("displayName", "must not be blank");
        }
        ContactRules.attributes("attributes", body.attributes());
        return customers.lock(caller.tenantId(), id).chain(c -> {
            Set<IdentityKey> before = IdentityKey.contactKeys(c);
            ChangeSet cs = new ChangeSet();
            if (body.displayName() != null) {
                c.displayName = cs.set("displayName", c.displayName, body.displayName().trim());
            }
            if (body.firstName() != null) {
                c.firstName = cs.set("firstName", c.firstName, trimToNull(body.firstName()));
            }
            if (body.lastName() != null) {
                c.lastName = cs.set("lastName", c.lastName, trimToNull(body.lastName()));
            }
            if (body.identification() != null) {
                c.identification = cs.set("identification", c.identification, trimToNull(body.identification()));
            }
            if (emails != null) {
                c.emails = new ArrayList<>(cs.set("emails", c.emails, emails));
            }
            if (phones != null) {
                c.phones = new ArrayList<>(cs.set("phones", c.phones, phones));
            }
            if (body.whatsapp() != null) {
                c.whatsapp = cs.set("whatsapp", c.whatsapp, whatsapp);
            }
            if (addresses != null) {
                c.addresses = new ArrayList<>(cs.set("addresses", c.addresses, addresses));
            }
            if (body.attributes() != null) {
                Map<String, Object> merged = new LinkedHashMap<>(c.attributes);
                body.attributes().forEach((k, v) -> {
                    Object old = merged.get(k);
                    if (v == null) {
                        merged.remove(k);
                    } else {
                        merged.put(k, v);
                    }
                    cs.set("attributes." + k, old, v);
                });
                ContactRules.attributes("attributes", merged);
                c.attributes = merged;
            }
            if (cs.isEmpty()) {
                return view(c);
            }
            Set<IdentityKey> after = IdentityKey.contactKeys(c);
            Set<IdentityKey> released = new LinkedHashSet<>(before);
            released.removeAll(after);
            Set<IdentityKey> added = new LinkedHashSet<>(after);
            added.removeAll(before);
            return identities.releaseAll(c.tenantId, released, c.id)
                    .chain(() -> claim(c, added))
                    .chain(() -> events.record(c, EventType.CUSTOMER_UPDATED,
                            new CustomerEvents.Updated(c.id.toString(), cs.changes(), caller.actor())))
                    .chain(() -> view(c));
        });
    }

    @WithTransaction
    public Uni<CustomerView> assign(Caller caller, UUID id, String assigneeId) {
        return customers.lock(caller.tenantId(), id).chain(c -> {
            AssignmentPolicy.checkAssign(caller, c.assigneeId, assigneeId);
            if (assigneeId.equals(c.assigneeId)) {
                return view(c);
            }
            var data = new CustomerEvents.Assigned(c.id.toString(), Change.of(c.assigneeId, assigneeId), caller.actor());
            c.assigneeId = assigneeId;
            return events.record(c, EventType.CUSTOMER_ASSIGNED, data).chain(() -> view(c));
        });
    }

    @WithTransaction
    public Uni<CustomerView> unassign(Caller caller, UUID id) {
        return customers.lock(caller.tenantId(), id).chain(c -> {
            if (c.assigneeId == null) {
                return view(c); // already unassigned: nothing changes, nothing to allow
            }
            AssignmentPolicy.checkUnassign(caller, c.assigneeId);
            var data = new CustomerEvents.Unassigned(c.id.toString(), c.assigneeId, caller.actor());
            c.assigneeId = null;
            return events.record(c, EventType.CUSTOMER_UNASSIGNED, data).chain(() -> view(c));
        });
    }

    @WithTransaction
    public Uni<CustomerView> rate(Caller caller, UUID id, int rating) {
        return customers.lock(caller.tenantId(), id).chain(c -> {
            if (c.rating == rating) {
                return view(c);
            }
            var data = new CustomerEvents.RatingChanged(c.id.toString(), Change.of(c.rating, rating), caller.actor());
            c.rating = rating;
            return events.record(c, EventType.CUSTOMER_RATING_CHANGED, data).chain(() -> view(c));
        });
    }

    /** The profile with its pending scheduled status change and its lists (inside the caller's session). */
    Uni<CustomerView> view(Customer c) {
        return ScheduledStatusChange.<ScheduledStatusChange>find("customerId = ?1 and state = ?2", c.id,
                ScheduledStatusChange.State.PENDING).firstResult()
                .chain(pending -> NativeSql.list(LISTS_OF, Object[].class, Map.of("c", c.id)).map(rows -> CustomerView.of(
                        c, pending, rows.stream().map(r -> new CustomerView.ListRef(UUID.fromString((String) r[0]),
                                (String) r[1])).toList())));
    }

    /** Claims contact identities for the customer; one held by another customer is a 409 and rolls back. */
    private Uni<Void> claim(Customer c, Set<IdentityKey> keys) {
        return identities.claimAll(c.tenantId, keys, c.id).chain(taken -> {
            if (taken.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return identities.holders(c.tenantId, taken).map(holders -> {
                throw ProblemException.conflict(taken.stream()
                        .map(k -> k.kind().name().toLowerCase() + " " + k.value() + " already belongs to customer "
                                + holders.get(k))
                        .collect(Collectors.joining("; ")));
            });
        });
    }

    private static String fullName(String first, String last) {
        String n = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        return n.isEmpty() ? null : n;
    }

    private static String first(List<String> list) {
        return list.isEmpty() ? null : list.get(0);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? new ArrayList<>() : new ArrayList<>(list);
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (m != null) {
            m.forEach((k, v) -> {
                if (v != null) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    private static String trimToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
