package io.switchboard.conversation.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.Actor;
import io.switchboard.conversation.api.InboundDtos;
import io.switchboard.conversation.client.CustomerDirectory;
import io.switchboard.conversation.client.CustomerServiceClient;
import io.switchboard.conversation.domain.Channel;
import io.switchboard.conversation.domain.Conversation;
import io.switchboard.conversation.domain.ConversationRules;
import io.switchboard.conversation.domain.EventBatch;
import io.switchboard.conversation.domain.Message;
import io.switchboard.platform.outbox.Outbox;
import io.switchboard.platform.security.Caller;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * A customer's message from a channel: contact → customer (customer-service, first message only) → the
 * customer's conversation on that channel (created once, reopened if dormant) → the message, its events and
 * any auto-assignment, in one transaction.
 */
@ApplicationScoped
public class InboundService {

    public record Result(InboundDtos.InboundAccepted accepted, boolean repeat) {
    }

    // Contacts are written once and never change: read and written on the pool, outside the ingest transaction
    // (and never as a native SELECT through Hibernate: docs/CONVENTIONS.md).
    private static final String FIND_CONTACT = """
            SELECT customer_id FROM contacts WHERE tenant_id = $1 AND channel = $2 AND external_id = $3""";
    private static final String INSERT_CONTACT = """
            INSERT INTO contacts (tenant_id, channel, external_id, customer_id) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING""";
    private static final String INSERT_CONVERSATION = """
            INSERT INTO conversations (id, tenant_id, customer_id, channel, status, created_at, updated_at)
            VALUES (:id, :tenant, :customer, :channel, 'OPEN', :now, :now)
            ON CONFLICT (tenant_id, customer_id, channel) DO NOTHING""";

    private final CustomerDirectory customers;
    private final AutoAssigner autoAssigner;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final Pool pool;

    public InboundService(CustomerDirectory customers, AutoAssigner autoAssigner, Outbox outbox, ObjectMapper mapper,
            MeterRegistry registry, Pool pool) {
        this.customers = customers;
        this.pool = pool;
        this.autoAssigner = autoAssigner;
        this.outbox = outbox;
        this.mapper = mapper;
        this.registry = registry;
    }

    public Uni<Result> receive(Caller caller, Channel channel, InboundDtos.InboundMessage body, String idempotencyKey) {
        String key = idempotencyKey != null ? idempotencyKey : body.clientMessageId();
        String tenantId = caller.tenantId();
        String external = body.contact().externalId();
        return findContact(tenantId, channel, external)
                .chain(known -> known != null ? Uni.createFrom().item(known) : newContact(tenantId, channel, body))
                .chain(customerId -> Panache.withTransaction(() -> ingest(tenantId, channel, customerId, body.text(), key)))
                .invoke(r -> {
                    if (!r.repeat()) {
                        registry.counter("switchboard.messages.ingested", "channel", channel.wireName()).increment();
                    }
                });
    }

    /**
     * A contact's first message: customer-service identifies the customer. Concurrent first messages may both call
     * it (identify is idempotent per identity), and the contacts key keeps one row: whoever inserts second
     * re-reads the winner's customer id.
     */
    private Uni<UUID> newContact(String tenantId, Channel channel, InboundDtos.InboundMessage body) {
        String external = body.contact().externalId();
        return customers.identify(tenantId, identifyRequest(channel, body))
                .chain(customerId -> pool.preparedQuery(INSERT_CONTACT)
                        .execute(Tuple.of(tenantId, channel.wireName(), external, customerId)))
                .chain(() -> findContact(tenantId, channel, external));
    }

    private Uni<UUID> findContact(String tenantId, Channel channel, String external) {
        return pool.preparedQuery(FIND_CONTACT).execute(Tuple.of(tenantId, channel.wireName(), external))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
    }

    private CustomerServiceClient.IdentifyRequest identifyRequest(Channel channel, InboundDtos.InboundMessage body) {
        InboundDtos.Contact c = body.contact();
        Map<String, Object> origin = body.origin() == null ? null
                : mapper.convertValue(body.origin(), new TypeReference<Map<String, Object>>() { });
        return new CustomerServiceClient.IdentifyRequest(channel.wireName(), c.externalId(), c.name(), c.phone(),
                c.email(), c.whatsapp(), origin);
    }

    private Uni<Result> ingest(String tenantId, Channel channel, UUID customerId, String text, String key) {
        Instant now = ConversationRules.now();
        // The common case is an existing conversation: lock it in one statement; only a missing one is inserted
        // (ON CONFLICT: a concurrent first message may insert it first) and then locked.
        return lockConversation(tenantId, channel, customerId).chain(found -> found != null
                ? Uni.createFrom().item(new Locked(found, false))
                : Panache.getSession()
                        .chain(s -> s.createNativeQuery(INSERT_CONVERSATION).setParameter("id", UUID.randomUUID())
                                .setParameter("tenant", tenantId).setParameter("customer", customerId)
                                .setParameter("channel", channel.name())
                                .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).executeUpdate())
                        .chain(inserted -> lockConversation(tenantId, channel, customerId)
                                .map(c -> new Locked(c, inserted == 1))))
                .chain(locked -> existing(locked.conversation(), key).chain(original -> original != null
                        ? Uni.createFrom().item(result(locked.conversation(), original, false, true))
                        : write(locked.conversation(), locked.created(), text, key, now)));
    }

    /** created: this transaction's insert made the conversation (a concurrent first message may have won). */
    private record Locked(Conversation conversation, boolean created) {
    }

    private static Uni<Conversation> lockConversation(String tenantId, Channel channel, UUID customerId) {
        return Conversation.<Conversation>find("tenantId = ?1 and customerId = ?2 and channel = ?3", tenantId, customerId, channel)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** With the conversation locked, an earlier message with this key is final: a repeat answers it. */
    static Uni<Message> existing(Conversation c, String key) {
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return Message.<Message>find("conversationId = ?1 and clientMessageId = ?2", c.id, key).firstResult();
    }

    private Uni<Result> write(Conversation c, boolean created, String text, String key, Instant now) {
        EventBatch events = new EventBatch();
        Actor customer = Actor.of(Actor.Kind.CUSTOMER, c.customerIdString());
        if (created) {
            ConversationRules.created(c, customer, events);
        }
        Message m = newMessage(Message.Direction.INCOMING, customer, text, key);
        boolean reopened = ConversationRules.customerWrote(c, m, now, events);
        return m.persist()
                .chain(() -> created || reopened ? autoAssigner.assignIfUnassigned(c, events) : Uni.createFrom().voidItem())
                .chain(() -> events.appendTo(outbox))
                .replaceWith(() -> result(c, m, created, false));
    }

    static Message newMessage(Message.Direction direction, Actor author, String text, String key) {
        Message m = new Message();
        m.id = UUID.randomUUID();
        m.direction = direction;
        m.authorKind = author.kind();
        m.authorId = author.id();
        m.text = text;
        m.clientMessageId = key;
        return m;
    }

    private static Result result(Conversation c, Message m, boolean created, boolean repeat) {
        return new Result(new InboundDtos.InboundAccepted(c.id, c.customerId, m.id, m.sequence, created), repeat);
    }
}
