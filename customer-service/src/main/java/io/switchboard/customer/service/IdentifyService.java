package io.switchboard.customer.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.Actor;
import io.switchboard.contracts.CustomerEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.customer.api.IdentifyRequest;
import io.switchboard.customer.api.IdentifyResponse;
import io.switchboard.customer.api.OriginBody;
import io.switchboard.customer.domain.ContactRules;
import io.switchboard.customer.domain.Customer;
import io.switchboard.customer.domain.IdentityKey;
import io.switchboard.customer.repository.IdentityRepository;
import io.switchboard.platform.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Find-or-create by contact identity, race-free without a global lock: a new customer first claims all of its
 * identity keys (unique index, ON CONFLICT DO NOTHING). A concurrent call for the same contact blocks on the
 * index until the winner commits, finds the key taken, rolls back and retries; the retry reads the winner's
 * customer. So ten parallel calls give one customer and one customer.created.
 */
@ApplicationScoped
public class IdentifyService {

    private static final Logger LOG = Logger.getLogger(IdentifyService.class);
    private static final int ATTEMPTS = 5;

    /** Another transaction claimed one of our keys first: roll back and look again. */
    static final class LostRace extends RuntimeException {
        LostRace() {
            super(null, null, false, false);
        }
    }

    private record Contact(String channel, String externalId, String name, String phone, String email,
            String whatsapp, OriginBody origin) {
        IdentityKey channelKey() {
            return IdentityKey.channel(channel, externalId);
        }
    }

    private final IdentityRepository identities;
    private final CustomerEventLog events;

    public IdentifyService(IdentityRepository identities, CustomerEventLog events) {
        this.identities = identities;
        this.events = events;
    }

    public Uni<IdentifyResponse> identify(String tenantId, IdentifyRequest request) {
        Contact contact = normalise(request); // bad input fails here, before any transaction
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> attempt(tenantId, contact)))
                .onFailure(LostRace.class).retry().atMost(ATTEMPTS - 1)
                .onFailure(LostRace.class).transform(e -> ProblemException.unavailable("identity is contended; retry"));
    }

    private static Contact normalise(IdentifyRequest r) {
        String name = r.name() == null || r.name().isBlank() ? null : r.name().trim();
        return new Contact(ContactRules.channel(r.channel()), r.externalId().trim(), name,
                usable(() -> ContactRules.phone("phone", blankToNull(r.phone()))),
                usable(() -> ContactRules.email("email", blankToNull(r.email()))),
                usable(() -> ContactRules.phone("whatsapp", blankToNull(r.whatsapp()))),
                r.origin() == null ? null : r.origin().fitted());
    }

    /**
     * A malformed phone or e-mail from a channel is left out rather than refused: it can neither match nor be
     * stored, and the customer's message still gets its customer.
     */
    private static String usable(java.util.function.Supplier<String> normalised) {
        try {
            return normalised.get();
        } catch (ProblemException e) {
            LOG.debugf("identify: ignoring unusable contact data (%s)", e.getMessage());
            return null;
        }
    }

    private Uni<IdentifyResponse> attempt(String tenantId, Contact contact) {
        Customer fresh = newCustomer(tenantId, contact);
        Set<IdentityKey> keys = new LinkedHashSet<>();
        keys.add(contact.channelKey());
        keys.addAll(IdentityKey.contactKeys(fresh));
        return identities.find(tenantId, keys).chain(matches -> matches.isEmpty()
                ? create(fresh, contact, keys)
                : link(tenantId, contact, matches));
    }

    /**
     * An existing customer (by channel first, then phone, then e-mail). A new channel is linked to it so the next
     * call finds it directly; its profile is left as the agents keep it (a bot does not overwrite contact data).
     */
    private Uni<IdentifyResponse> link(String tenantId, Contact contact, List<IdentityRepository.Match> matches) {
        IdentityRepository.Match best = matches.get(0);
        IdentifyResponse found = new IdentifyResponse(best.customerId(), false);
        if (best.key().kind() == IdentityKey.Kind.CHANNEL) {
            return Uni.createFrom().item(found);
        }
        return identities.claim(tenantId, contact.channelKey(), best.customerId()).map(claimed -> {
            if (!claimed) {
                throw new LostRace();
            }
            return found;
        });
    }

    private Uni<IdentifyResponse> create(Customer customer, Contact contact, Set<IdentityKey> keys) {
        return identities.claimAll(customer.tenantId, keys, customer.id).chain(taken -> {
            if (!taken.isEmpty()) {
                LOG.debugf("identify lost the race for %s; retrying", taken);
                return Uni.createFrom().failure(new LostRace());
            }
            var data = new CustomerEvents.Created(customer.id.toString(), customer.displayName, contact.email(),
                    contact.phone() != null ? contact.phone() : contact.whatsapp(), contact.channel(),
                    contact.externalId(), contact.origin() == null ? null : contact.origin().toEvent(),
                    // The contact's own first message brought the customer in.
                    Actor.of(Actor.Kind.CUSTOMER, customer.id.toString()));
            // The event first: it sets event_sequence, so the row is inserted once with its final state.
            return events.record(customer, EventType.CUSTOMER_CREATED, data)
                    .chain(() -> customer.persist())
                    .replaceWith(new IdentifyResponse(customer.id, true));
        });
    }

    private static Customer newCustomer(String tenantId, Contact contact) {
        Customer c = new Customer();
        c.id = UUID.randomUUID();
        c.tenantId = tenantId;
        c.channel = contact.channel();
        c.externalId = contact.externalId();
        c.phones = contact.phone() == null ? new ArrayList<>() : new ArrayList<>(List.of(contact.phone()));
        c.whatsapp = contact.whatsapp();
        c.emails = contact.email() == null ? new ArrayList<>() : new ArrayList<>(List.of(contact.email()));
        c.displayName = Profiles.displayName(contact.name(), c);
        Profiles.applyOrigin(c, contact.origin());
        c.createdAt = Instant.now();
        c.updatedAt = c.createdAt;
        return c;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
