package io.switchboard.notification.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.ConversationEvents;
import io.switchboard.notification.domain.ConversationState;
import io.switchboard.notification.service.CounterService;
import io.switchboard.platform.messaging.IncomingEvent;
import io.switchboard.platform.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * conversation.events → conversation_states and the counters. One consumer group for all replicas, so every
 * change is computed once; the resulting frames leave through the outbox.
 */
@ApplicationScoped
public class ConversationEventsConsumer {

    static final String CONSUMER = "notification-counters";

    private final ProcessedEvents processed;
    private final CounterService counters;
    private final ObjectMapper mapper;

    public ConversationEventsConsumer(ProcessedEvents processed, CounterService counters, ObjectMapper mapper) {
        this.processed = processed;
        this.counters = counters;
        this.mapper = mapper;
    }

    /** What an event says about its conversation. */
    record Change(String conversationId, String customerId, ConversationState state) {
    }

    @Incoming("conversation-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        // An unreadable record fails the Uni (never throws from here): it is nacked once and dead-lettered.
        return Uni.createFrom().deferred(() -> apply(record));
    }

    private Uni<Void> apply(ConsumerRecord<String, String> record) {
        IncomingEvent e = IncomingEvent.from(record);
        Change change = read(e);
        if (change == null) {
            return Uni.createFrom().voidItem(); // bot.* or a type without a state: not ours
        }
        return Transactions.retrying(() -> processed.claim(CONSUMER, e.id())
                .chain(first -> first
                        ? counters.apply(e.tenantId(), change.conversationId(), change.customerId(), e.sequence(),
                                change.state(), e.type())
                        : Uni.createFrom().voidItem()));
    }

    /** Any conversation.* event with a {@code state} counts, also types this build does not know yet. */
    Change read(IncomingEvent e) {
        if (!e.type().startsWith("conversation.")) {
            return null;
        }
        JsonNode data;
        try {
            data = mapper.readTree(e.data());
        } catch (Exception ex) {
            throw new IncomingEvent.MalformedEventException("unreadable data of " + e.type() + " " + e.id(), ex);
        }
        JsonNode state = data == null ? null : data.get("state");
        if (state == null || !state.isObject()) {
            return null;
        }
        String conversationId = text(data, "conversationId", e.subject());
        if (conversationId == null || e.sequence() <= 0) {
            throw new IncomingEvent.MalformedEventException(e.type() + " " + e.id() + " has no conversation or sequence", null);
        }
        try {
            ConversationEvents.State s = mapper.treeToValue(state, ConversationEvents.State.class);
            return new Change(conversationId, text(data, "customerId", e.customerId()), ConversationState.of(s));
        } catch (Exception ex) {
            throw new IncomingEvent.MalformedEventException("unreadable state in " + e.type() + " " + e.id(), ex);
        }
    }

    private static String text(JsonNode data, String field, String fallback) {
        JsonNode n = data.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? fallback : n.asText();
    }
}
