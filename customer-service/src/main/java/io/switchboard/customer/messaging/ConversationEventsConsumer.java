package io.switchboard.customer.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.ConversationEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.customer.repository.NativeSql;
import io.switchboard.platform.messaging.EventData;
import io.switchboard.platform.messaging.IncomingEvent;
import io.switchboard.platform.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Last interaction: every customer or agent message moves the customer's last_interaction_at forward (never back,
 * so redelivered or reordered events cannot rewind it). A read-model field, not a profile change: no event.
 * Unknown types are ignored; unreadable records fail and go to the dead-letter topic, and consumption goes on.
 */
@ApplicationScoped
public class ConversationEventsConsumer {

    static final String CONSUMER = "customer-service.last-interaction";

    private static final String TOUCH = """
            UPDATE customers SET last_interaction_at = :at
             WHERE id = :id AND tenant_id = :t AND (last_interaction_at IS NULL OR last_interaction_at < :at)""";

    private final ProcessedEvents processed;
    private final EventData eventData;

    public ConversationEventsConsumer(ProcessedEvents processed, EventData eventData) {
        this.processed = processed;
        this.eventData = eventData;
    }

    @Incoming("conversation-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        IncomingEvent e = IncomingEvent.from(record);
        if (e.knownType().orElse(null) != EventType.CONVERSATION_MESSAGE_CREATED) {
            return Uni.createFrom().voidItem();
        }
        var data = eventData.read(e, ConversationEvents.MessageCreated.class);
        UUID customerId = parse(data.customerId());
        if (customerId == null || "SYSTEM".equals(data.direction())) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime at = (data.createdAt() != null ? data.createdAt() : e.time().toInstant()).atOffset(ZoneOffset.UTC);
        // A database hiccup is retried here rather than dead-lettering a good event; the claim makes retries safe.
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> processed.claim(CONSUMER, e.id())
                        .chain(first -> first
                                ? NativeSql.update(TOUCH, Map.of("at", at, "id", customerId, "t", e.tenantId())).replaceWithVoid()
                                : Uni.createFrom().voidItem())))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8);
    }

    private static UUID parse(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }
}
