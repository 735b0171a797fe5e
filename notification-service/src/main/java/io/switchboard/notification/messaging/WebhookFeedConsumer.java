package io.switchboard.notification.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.notification.repository.WebhookRepository;
import io.switchboard.platform.messaging.IncomingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every topic → webhook deliveries for the tenant's subscriptions (its own consumer group). Idempotent by the
 * (webhook, event) key, so a redelivered event never makes a second delivery.
 */
@ApplicationScoped
public class WebhookFeedConsumer {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(WebhookFeedConsumer.class);

    private final WebhookRepository webhooks;
    private final ObjectMapper mapper;

    public WebhookFeedConsumer(WebhookRepository webhooks, ObjectMapper mapper) {
        this.webhooks = webhooks;
        this.mapper = mapper;
    }

    /**
     * A batch per poll: most records concern tenants without a subscription and cost a map lookup; the others are
     * enqueued one after another. A record that still fails after its retries is logged and skipped (the feed
     * never stalls on one event).
     */
    @Incoming("webhook-feed")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return Multi.createFrom().iterable(records)
                .onItem().transformToUniAndConcatenate(r -> Uni.createFrom().deferred(() -> enqueue(r))
                        .onFailure().recoverWithItem(f -> {
                            LOG.warnf("webhook feed skips %s/%d@%d: %s", r.topic(), r.partition(), r.offset(), f.toString());
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> enqueue(ConsumerRecord<String, String> record) {
        IncomingEvent e;
        try {
            e = IncomingEvent.from(record);
        } catch (IncomingEvent.MalformedEventException bad) {
            // Not an event a bot could be sent; the owning consumers dead-letter it. Skip, never stall the feed.
            LOG.debugf("webhook feed skips %s", bad.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (!webhooks.hasSubscribers(e.tenantId())) {
            return Uni.createFrom().voidItem(); // most events: nobody subscribed, nothing to read
        }
        JsonNode data = readData(e);
        return webhooks.enqueue(e.tenantId(), e.id(), e.type(), deliveryId -> body(deliveryId, e, data))
                .onFailure().retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1)).atMost(5)
                .replaceWithVoid();
    }

    private JsonNode readData(IncomingEvent e) {
        try {
            return mapper.readTree(e.data());
        } catch (Exception ex) {
            throw new IncomingEvent.MalformedEventException("unreadable data of " + e.type() + " " + e.id(), ex);
        }
    }

    /** What a bot receives: the CloudEvent in structured form, plus the delivery id it can deduplicate by. */
    private String body(UUID deliveryId, IncomingEvent e, JsonNode data) {
        ObjectNode body = mapper.createObjectNode();
        body.put("deliveryId", deliveryId.toString());
        body.put("specversion", "1.0");
        body.put("id", e.id().toString());
        body.put("type", e.type());
        body.put("source", e.source());
        body.put("subject", e.subject());
        body.put("time", e.time() == null ? null : e.time().toString());
        body.put("tenantid", e.tenantId());
        body.put("sequence", e.sequence());
        body.put("customerid", e.customerId());
        body.set("data", data);
        return body.toString();
    }
}
