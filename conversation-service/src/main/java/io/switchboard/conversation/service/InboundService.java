package io.switchboard.conversation.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.api.InboundDtos;
import io.switchboard.conversation.client.CustomerDirectory;
import io.switchboard.conversation.client.CustomerServiceClient;
import io.switchboard.conversation.domain.Channel;
import io.switchboard.conversation.repository.InboundRepository;
import io.switchboard.platform.limits.TenantLimits;
import io.switchboard.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * A customer's message from a channel: contact → customer (customer-service, first message only) → the message,
 * stored by {@link InboundBatcher} in its conversation (created once, reopened if dormant) with its events and
 * any auto-assignment.
 */
@ApplicationScoped
public class InboundService {

    /** A contact on a channel of a tenant: resolved once to a customer, never changed after. */
    private record Contact(String tenantId, Channel channel, String externalId) {
    }

    private final CustomerDirectory customers;
    private final InboundRepository repository;
    private final InboundBatcher batcher;
    private final ObjectMapper mapper;
    private final TenantLimits limits;
    private final Map<Channel, Counter> ingested = new EnumMap<>(Channel.class);
    // Contacts never change once resolved, so a replica may remember them: no read for a known contact.
    private final Cache<Contact, UUID> known = Caffeine.newBuilder().maximumSize(200_000).build();

    public InboundService(CustomerDirectory customers, InboundRepository repository, InboundBatcher batcher,
            ObjectMapper mapper, TenantLimits limits, MeterRegistry registry) {
        this.customers = customers;
        this.limits = limits;
        this.repository = repository;
        this.batcher = batcher;
        this.mapper = mapper;
        for (Channel channel : Channel.values()) {
            ingested.put(channel, registry.counter("switchboard.messages.ingested", "channel", channel.wireName()));
        }
    }

    public Uni<InboundBatcher.Result> receive(Caller caller, Channel channel, InboundDtos.InboundMessage body,
            String idempotencyKey) {
        String key = idempotencyKey != null ? idempotencyKey : body.clientMessageId();
        Contact contact = new Contact(caller.tenantId(), channel, body.contact().externalId());
        return limits.message(contact.tenantId())
                .chain(() -> customer(contact, body))
                .chain(customerId -> batcher.submit(
                        new InboundBatcher.Item(contact.tenantId(), channel, customerId, body.text(), key)))
                .invoke(r -> {
                    if (!r.repeat()) {
                        ingested.get(channel).increment();
                    }
                });
    }

    private Uni<UUID> customer(Contact contact, InboundDtos.InboundMessage body) {
        UUID remembered = known.getIfPresent(contact);
        if (remembered != null) {
            return Uni.createFrom().item(remembered);
        }
        return repository.findContact(contact.tenantId(), contact.channel(), contact.externalId())
                .chain(found -> found != null ? Uni.createFrom().item(found) : newContact(contact, body))
                .invoke(customerId -> known.put(contact, customerId));
    }

    /**
     * A contact's first message: customer-service identifies the customer. Concurrent first messages may both ask
     * (identify is idempotent per identity), and the contacts key keeps one row: whoever inserts second re-reads
     * the winner's customer id.
     */
    private Uni<UUID> newContact(Contact contact, InboundDtos.InboundMessage body) {
        return customers.identify(contact.tenantId(), identifyRequest(contact.channel(), body))
                .chain(customerId -> repository.saveContact(contact.tenantId(), contact.channel(), contact.externalId(),
                        customerId));
    }

    private CustomerServiceClient.IdentifyRequest identifyRequest(Channel channel, InboundDtos.InboundMessage body) {
        InboundDtos.Contact c = body.contact();
        Map<String, Object> origin = body.origin() == null ? null
                : mapper.convertValue(body.origin(), new TypeReference<Map<String, Object>>() { });
        return new CustomerServiceClient.IdentifyRequest(channel.wireName(), c.externalId(), c.name(), c.phone(),
                c.email(), c.whatsapp(), origin);
    }
}
