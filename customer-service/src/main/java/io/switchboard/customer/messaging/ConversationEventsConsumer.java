package io.switchboard.customer.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.switchboard.contracts.ConversationEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.customer.repository.LastInteractionRepository;
import io.switchboard.customer.repository.LastInteractionRepository.Touch;
import io.switchboard.platform.messaging.BatchConsumer;
import io.switchboard.platform.messaging.DeadLetter;
import io.switchboard.platform.messaging.EventData;
import io.switchboard.platform.messaging.IncomingEvent;
import io.switchboard.platform.messaging.ProcessedEvents;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Last interaction: every customer or agent message moves the customer's last_interaction_at forward (never back,
 * so redelivered or reordered events cannot rewind it). A read-model field, not a profile change: no event.
 * Unknown types are ignored; a poll's messages are one transaction (the platform's {@link BatchConsumer}).
 */
@ApplicationScoped
public class ConversationEventsConsumer implements BatchConsumer.Steps<Touch> {

    static final String CONSUMER = "customer-service.last-interaction";

    private final EventData eventData;
    private final LastInteractionRepository repository;
    private final BatchConsumer<Touch> consumer;

    public ConversationEventsConsumer(Pool pool, ProcessedEvents processed, EventData eventData,
            LastInteractionRepository repository, @Channel("dead-letters") MutinyEmitter<String> deadLetters) {
        this.eventData = eventData;
        this.repository = repository;
        this.consumer = new BatchConsumer<>(CONSUMER, pool, processed,
                (record, reason) -> deadLetters.sendMessage(DeadLetter.of(record, reason)), this);
    }

    @Incoming("conversation-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return consumer.consume(records);
    }

    @Override
    public Touch project(IncomingEvent e, ConsumerRecord<String, String> record) {
        if (e.knownType().orElse(null) != EventType.CONVERSATION_MESSAGE_CREATED) {
            return null;
        }
        var data = eventData.read(e, ConversationEvents.MessageCreated.class);
        UUID customerId = parse(data.customerId());
        if (customerId == null || "SYSTEM".equals(data.direction())) {
            return null;
        }
        return new Touch(e.tenantId(), customerId, data.createdAt() != null ? data.createdAt() : e.time().toInstant());
    }

    @Override
    public Uni<Void> apply(SqlConnection transaction, List<Touch> touches) {
        return repository.touch(transaction, touches);
    }

    private static UUID parse(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }
}
