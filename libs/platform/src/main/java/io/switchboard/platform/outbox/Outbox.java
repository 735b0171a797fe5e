package io.switchboard.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Appends an event to the outbox in the caller's transaction: call it inside the same
 * {@code @WithTransaction} chain that writes the state, never after it. Only {@link OutboxRelay} talks to Kafka.
 */
@ApplicationScoped
public class Outbox {

    static final int LANES = 16;

    // The inner text cast matters: bound straight to a jsonb parameter, the reactive PG client encodes a Java
    // String as a JSON string scalar, so the payload would be stored (and published) double-encoded.
    private static final String INSERT = """
            INSERT INTO outbox_events (id, aggregatetype, aggregateid, type, topic, tenant_id, customer_id,
                                       sequence, occurred_at, traceparent, payload, lane)
            VALUES (:id, :aggregatetype, :aggregateid, :type, :topic, :tenant, :customer, :sequence, :occurred,
                    :traceparent, CAST(CAST(:payload AS text) AS jsonb), hashtext(:aggregateid) & 15)""";

    private final ObjectMapper mapper;

    public Outbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param sequence the aggregate's event sequence after this event (1 for its first); the caller holds the
     *                 aggregate's row lock, so sequences are gap-free and in commit order.
     * @return the event id
     */
    public Uni<UUID> append(EventType type, String tenantId, String aggregateId, String customerId, long sequence,
            Record data) {
        if (!type.dataClass().isInstance(data)) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    type.typeName() + " carries " + type.dataClass().getSimpleName() + ", not " + data.getClass().getSimpleName()));
        }
        String payload;
        try {
            payload = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        UUID id = UUID.randomUUID();
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("id", id)
                .setParameter("aggregatetype", type.aggregate().aggregateType())
                .setParameter("aggregateid", aggregateId)
                .setParameter("type", type.typeName())
                .setParameter("topic", type.topic())
                .setParameter("tenant", tenantId)
                .setParameter("customer", customerId)
                .setParameter("sequence", sequence)
                .setParameter("occurred", OffsetDateTime.now(ZoneOffset.UTC))
                .setParameter("traceparent", currentTraceparent())
                .setParameter("payload", payload)
                .executeUpdate())
                .replaceWith(id);
    }

    private static String currentTraceparent() {
        SpanContext ctx = Span.current().getSpanContext();
        if (!ctx.isValid()) {
            return null;
        }
        return "00-" + ctx.getTraceId() + "-" + ctx.getSpanId() + "-" + ctx.getTraceFlags().asHex();
    }
}
