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
import io.switchboard.platform.security.ApiKeyReplica;
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
 * What customer-service takes from {@code conversation.events}:
 * <ul>
 *   <li>Last interaction: every customer or agent message moves the customer's last_interaction_at forward (never
 *       back, so redelivered or reordered events cannot rewind it). A read-model field, not a profile change: no
 *       event.</li>
 *   <li>Bot keys ({@code bot.created}, {@code bot.deleted}), so bots can call this service with their key.</li>
 * </ul>
 * Other types are ignored; a poll's messages are one transaction (the platform's {@link BatchConsumer}).
 */
@ApplicationScoped
public class ConversationEventsConsumer implements BatchConsumer.Steps<ConversationEventsConsumer.Effect> {

    /** One event's effect: a last-interaction touch or a bot key change. */
    public record Effect(Touch touch, ApiKeyReplica.Change botKey) {
    }

    static final String CONSUMER = "customer-service.last-interaction";

    private final EventData eventData;
    private final LastInteractionRepository repository;
    private final ApiKeyReplica apiKeys;
    private final BatchConsumer<Effect> consumer;

    public ConversationEventsConsumer(Pool pool, ProcessedEvents processed, EventData eventData,
            LastInteractionRepository repository, ApiKeyReplica apiKeys,
            @Channel("dead-letters") MutinyEmitter<String> deadLetters) {
        this.eventData = eventData;
        this.repository = repository;
        this.apiKeys = apiKeys;
        this.consumer = new BatchConsumer<>(CONSUMER, pool, processed,
                (record, reason) -> deadLetters.sendMessage(DeadLetter.of(record, reason)), this);
    }

    @Incoming("conversation-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return consumer.consume(records);
    }

    @Override
    public Effect project(IncomingEvent e, ConsumerRecord<String, String> record) {
        EventType type = e.knownType().orElse(null);
        if (type == EventType.BOT_CREATED || type == EventType.BOT_DELETED) {
            ApiKeyReplica.Change change = ApiKeyReplica.change(e, eventData.object(e));
            return change == null ? null : new Effect(null, change);
        }
        if (type != EventType.CONVERSATION_MESSAGE_CREATED) {
            return null;
        }
        var data = eventData.read(e, ConversationEvents.MessageCreated.class);
        UUID customerId = parse(data.customerId());
        if (customerId == null || "SYSTEM".equals(data.direction())) {
            return null;
        }
        return new Effect(new Touch(e.tenantId(), customerId,
                data.createdAt() != null ? data.createdAt() : e.time().toInstant()), null);
    }

    @Override
    public Uni<Void> apply(SqlConnection transaction, List<Effect> effects) {
        List<Touch> touches = effects.stream().map(Effect::touch).filter(t -> t != null).toList();
        List<ApiKeyReplica.Change> keys = effects.stream().map(Effect::botKey).filter(k -> k != null).toList();
        return repository.touch(transaction, touches).chain(() -> apiKeys.apply(transaction, keys));
    }

    private static UUID parse(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }
}
