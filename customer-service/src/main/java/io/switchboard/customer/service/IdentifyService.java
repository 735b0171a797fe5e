package io.switchboard.customer.service;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.Actor;
import io.switchboard.contracts.CustomerEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.customer.api.IdentifyBatchResponse;
import io.switchboard.customer.api.IdentifyRequest;
import io.switchboard.customer.api.IdentifyResponse;
import io.switchboard.customer.api.OriginBody;
import io.switchboard.customer.domain.ContactRules;
import io.switchboard.customer.domain.Customer;
import io.switchboard.customer.domain.IdentityKey;
import io.switchboard.customer.repository.IdentityRepository;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.sqlclient.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Find-or-create by contact identity, for one contact or a batch of one tenant's contacts: one rule, one
 * implementation (a single identify is a batch of one). Race-free without a global lock: a new customer first
 * claims all of its identity keys (unique index, ON CONFLICT DO NOTHING). A concurrent call for the same contact
 * blocks on the index until the winner commits, finds the key taken, rolls back and retries; the retry reads the
 * winner's customer. So ten parallel calls give one customer and one customer.created.
 *
 * <p>A batch is answered as if its contacts had been identified one after another in request order, in one
 * transaction of four statements on the reactive pool: look up every key, then (sent together) claim the new
 * keys, insert the new customers, append their customer.created events. A contact repeated in the batch, or
 * sharing a phone or e-mail with an earlier one, finds the customer the earlier one created or matched. If any
 * key was taken meanwhile, the whole batch rolls back and is looked up again.
 */
@ApplicationScoped
public class IdentifyService {

    private static final Logger LOG = Logger.getLogger(IdentifyService.class);
    private static final int ATTEMPTS = 5;
    /** PostgreSQL's deadlock_detected: a profile command claimed one of our keys while we waited on its row. */
    private static final String DEADLOCK = "40P01";

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

    private final Pool pool;
    private final IdentityRepository identities;
    private final Outbox outbox;
    private final Validator validator;

    public IdentifyService(Pool pool, IdentityRepository identities, Outbox outbox, Validator validator) {
        this.pool = pool;
        this.identities = identities;
        this.outbox = outbox;
        this.validator = validator;
    }

    /** One contact, already validated by the resource; a bad channel fails here, before any statement. */
    public Uni<IdentifyResponse> identify(String tenantId, IdentifyRequest request) {
        Contact contact = normalise(request);
        return resolve(tenantId, List.of(contact)).map(answers -> answers.get(0));
    }

    /**
     * One tenant's contacts, answered in order. A contact that is invalid on its own (what would make a single
     * identify a 400) gets an error entry and takes no part; the others are identified.
     */
    public Uni<IdentifyBatchResponse> identifyBatch(String tenantId, List<IdentifyRequest> requests) {
        List<IdentifyBatchResponse.Result> results = new ArrayList<>(Collections.nCopies(requests.size(), null));
        List<Contact> contacts = new ArrayList<>(requests.size());
        List<Integer> positions = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            try {
                contacts.add(checked(requests.get(i)));
                positions.add(i);
            } catch (ProblemException e) {
                results.set(i, IdentifyBatchResponse.Result.error(e.getMessage()));
            }
        }
        return resolve(tenantId, contacts).map(answers -> {
            for (int j = 0; j < answers.size(); j++) {
                results.set(positions.get(j), IdentifyBatchResponse.Result.of(answers.get(j)));
            }
            return new IdentifyBatchResponse(results);
        });
    }

    /** What Bean Validation and normalisation check for a single identify, as one message instead of a 400. */
    private Contact checked(IdentifyRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("contact: must not be null");
        }
        Set<ConstraintViolation<IdentifyRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest(violations.stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        }
        return normalise(request);
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

    private Uni<List<IdentifyResponse>> resolve(String tenantId, List<Contact> contacts) {
        if (contacts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().deferred(() -> pool.withTransaction(conn -> attempt(conn, tenantId, contacts)))
                .onFailure(IdentifyService::contended).retry().atMost(ATTEMPTS - 1)
                .onFailure(IdentifyService::contended)
                .transform(e -> ProblemException.unavailable("identity is contended; retry"));
    }

    private static boolean contended(Throwable failure) {
        if (failure instanceof CompositeException composite) {
            return composite.getCauses().stream().anyMatch(IdentifyService::contended);
        }
        return failure instanceof LostRace
                || failure instanceof DatabaseException db && DEADLOCK.equals(db.getSqlState());
    }

    /** What one attempt decided: the answers in order, and what to write for them. */
    private static final class Plan {
        final List<IdentifyResponse> answers = new ArrayList<>();
        final List<IdentityRepository.Claim> claims = new ArrayList<>();
        final List<Customer> created = new ArrayList<>();
        final List<Outbox.Pending> events = new ArrayList<>();
    }

    private Uni<List<IdentifyResponse>> attempt(SqlConnection conn, String tenantId, List<Contact> contacts) {
        List<Set<IdentityKey>> keys = contacts.stream().map(IdentifyService::keys).toList();
        Set<IdentityKey> all = new LinkedHashSet<>();
        keys.forEach(all::addAll);
        return identities.lookup(conn, tenantId, all).chain(found -> {
            Plan plan = plan(tenantId, contacts, keys, found);
            if (plan.claims.isEmpty()) {
                return Uni.createFrom().item(plan.answers); // every contact known by its channel: nothing to write
            }
            // Sent together on the connection (pipelined): the claims decide whether the rest is kept.
            return Uni.combine().all().unis(identities.claim(conn, tenantId, plan.claims),
                    identities.insertCustomers(conn, plan.created), outbox.appendAll(conn, plan.events))
                    .asTuple().map(written -> {
                        if (written.getItem1().size() != plan.claims.size()) {
                            LOG.debugf("identify lost the race for some of %d keys; retrying", plan.claims.size());
                            throw new LostRace();
                        }
                        return plan.answers;
                    });
        });
    }

    /**
     * The contacts in order, each against the keys found plus what earlier contacts of the batch claimed: an
     * existing customer (by channel first, then phone, then e-mail) is the answer, and a new channel is linked
     * to it so the next call finds it directly (its profile is left as the agents keep it: a bot does not
     * overwrite contact data); otherwise a new customer claims all of the contact's keys.
     */
    private static Plan plan(String tenantId, List<Contact> contacts, List<Set<IdentityKey>> keys,
            Map<IdentityKey, UUID> found) {
        Plan plan = new Plan();
        Map<IdentityKey, UUID> holders = new HashMap<>(found);
        Instant now = Instant.now();
        for (int i = 0; i < contacts.size(); i++) {
            Contact contact = contacts.get(i);
            IdentityKey best = keys.get(i).stream().filter(holders::containsKey)
                    .min((a, b) -> a.kind().compareTo(b.kind())).orElse(null);
            if (best != null) {
                UUID customerId = holders.get(best);
                if (best.kind() != IdentityKey.Kind.CHANNEL) {
                    holders.put(contact.channelKey(), customerId);
                    plan.claims.add(new IdentityRepository.Claim(contact.channelKey(), customerId));
                }
                plan.answers.add(new IdentifyResponse(customerId, false));
                continue;
            }
            Customer customer = newCustomer(tenantId, contact, now);
            for (IdentityKey key : keys.get(i)) {
                holders.put(key, customer.id);
                plan.claims.add(new IdentityRepository.Claim(key, customer.id));
            }
            plan.created.add(customer);
            plan.events.add(created(customer, contact));
            plan.answers.add(new IdentifyResponse(customer.id, true));
        }
        return plan;
    }

    /** The contact's keys, strongest first: its channel, then its phones (phone, WhatsApp), then its e-mail. */
    private static Set<IdentityKey> keys(Contact contact) {
        Set<IdentityKey> keys = new LinkedHashSet<>();
        keys.add(contact.channelKey());
        if (contact.phone() != null) {
            keys.add(new IdentityKey(IdentityKey.Kind.PHONE, ContactRules.phoneKey(contact.phone())));
        }
        if (contact.whatsapp() != null) {
            keys.add(new IdentityKey(IdentityKey.Kind.PHONE, ContactRules.phoneKey(contact.whatsapp())));
        }
        if (contact.email() != null) {
            keys.add(new IdentityKey(IdentityKey.Kind.EMAIL, contact.email()));
        }
        return keys;
    }

    /** The customer's first event (event_sequence 1, which its row carries). */
    private static Outbox.Pending created(Customer customer, Contact contact) {
        String id = customer.id.toString();
        var data = new CustomerEvents.Created(id, customer.displayName, contact.email(),
                contact.phone() != null ? contact.phone() : contact.whatsapp(), contact.channel(),
                contact.externalId(), contact.origin() == null ? null : contact.origin().toEvent(),
                // The contact's own first message brought the customer in.
                Actor.of(Actor.Kind.CUSTOMER, id));
        return new Outbox.Pending(EventType.CUSTOMER_CREATED, customer.tenantId, id, id, customer.eventSequence, data);
    }

    private static Customer newCustomer(String tenantId, Contact contact, Instant now) {
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
        c.createdAt = now;
        c.updatedAt = now;
        c.eventSequence = 1; // customer.created
        return c;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
