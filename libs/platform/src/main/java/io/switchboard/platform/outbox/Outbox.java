package io.switchboard.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends an event to the outbox in the caller's transaction: call it inside the same
 * {@code @WithTransaction} chain that writes the state, never after it. Only {@link OutboxRelay} talks to Kafka.
 */
@ApplicationScoped
public class Outbox {

    static final int LANES = 16;

    /** One event to append; see {@link #append} for the fields. */
    public record Pending(EventType type, String tenantId, String aggregateId, String customerId, long sequence,
            Record data) {
    }

    // The rows travel as one JSON document (text, cast in SQL: bound straight to a jsonb parameter, the reactive
    // PG client would encode a Java String as a JSON string scalar). Positions follow the list's order.
    private static final String INSERT = """
            INSERT INTO outbox_events (id, aggregatetype, aggregateid, type, topic, tenant_id, customer_id,
                                       sequence, occurred_at, traceparent, payload, lane)
            SELECT x.id, x.aggregatetype, x.aggregateid, x.type, x.topic, x.tenant, x.customer, x.sequence,
                   :occurred, :traceparent, x.payload, hashtext(x.aggregateid) & 15
              FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb))
                   AS x(n int, id uuid, aggregatetype text, aggregateid text, type text, topic text, tenant text,
                        customer text, sequence bigint, payload jsonb)
             ORDER BY x.n""";

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
        return appendAll(List.of(new Pending(type, tenantId, aggregateId, customerId, sequence, data)))
                .map(ids -> ids.get(0));
    }

    /** Several events in one statement, published in this order; returns their ids in the same order. */
    public Uni<List<UUID>> appendAll(List<Pending> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        ArrayNode rows = mapper.createArrayNode();
        List<UUID> ids = new ArrayList<>(events.size());
        for (Pending e : events) {
            if (!e.type().dataClass().isInstance(e.data())) {
                return Uni.createFrom().failure(new IllegalArgumentException(e.type().typeName() + " carries "
                        + e.type().dataClass().getSimpleName() + ", not " + e.data().getClass().getSimpleName()));
            }
            UUID id = UUID.randomUUID();
            ids.add(id);
            rows.addObject()
                    .put("n", ids.size())
                    .put("id", id.toString())
                    .put("aggregatetype", e.type().aggregate().aggregateType())
                    .put("aggregateid", e.aggregateId())
                    .put("type", e.type().typeName())
                    .put("topic", e.type().topic())
                    .put("tenant", e.tenantId())
                    .put("customer", e.customerId())
                    .put("sequence", e.sequence())
                    .set("payload", mapper.valueToTree(e.data()));
        }
        String json;
        try {
            json = mapper.writeValueAsString(rows);
        } catch (JsonProcessingException | IllegalArgumentException ex) {
            return Uni.createFrom().failure(ex);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("rows", json)
                .setParameter("occurred", OffsetDateTime.now(ZoneOffset.UTC))
                .setParameter("traceparent", currentTraceparent())
                .executeUpdate())
                .replaceWith(ids);
    }

    private static String currentTraceparent() {
        SpanContext ctx = Span.current().getSpanContext();
        if (!ctx.isValid()) {
            return null;
        }
        return "00-" + ctx.getTraceId() + "-" + ctx.getSpanId() + "-" + ctx.getTraceFlags().asHex();
    }
}
