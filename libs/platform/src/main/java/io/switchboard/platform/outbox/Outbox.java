package io.switchboard.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.EventType;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends an event to the outbox in the caller's transaction: call it inside the same
 * {@code @WithTransaction} chain that writes the state (or, on a plain reactive connection, with that connection
 * inside its {@code withTransaction}), never after it. Only {@link OutboxRelay} talks to Kafka.
 */
@ApplicationScoped
public class Outbox {

    static final int LANES = 16;

    /** One event to append; see {@link #append} for the fields. */
    public record Pending(EventType type, String tenantId, String aggregateId, String customerId, long sequence,
            Record data) {
    }

    // The rows travel as one JSON document (text, cast in SQL: bound straight to a jsonb parameter, the reactive
    // PG client would encode a Java String as a JSON string scalar). Positions follow the list's order. One
    // statement, written with the parameter markers of each way in: a Hibernate session or a plain connection.
    private static final String INSERT_TEMPLATE = """
            INSERT INTO outbox_events (id, aggregatetype, aggregateid, type, topic, tenant_id, customer_id,
                                       sequence, occurred_at, traceparent, payload, lane)
            SELECT x.id, x.aggregatetype, x.aggregateid, x.type, x.topic, x.tenant, x.customer, x.sequence,
                   %2$s, %3$s, x.payload, hashtext(x.aggregateid) & 15
              FROM jsonb_to_recordset(CAST(CAST(%1$s AS text) AS jsonb))
                   AS x(n int, id uuid, aggregatetype text, aggregateid text, type text, topic text, tenant text,
                        customer text, sequence bigint, payload jsonb)
             ORDER BY x.n""";
    private static final String INSERT = INSERT_TEMPLATE.formatted(":rows", ":occurred", ":traceparent");
    private static final String INSERT_PLAIN = INSERT_TEMPLATE.formatted("$1", "$2", "$3");

    /** A batch as bound to the statement: its rows' JSON and the ids given to its events, in order. */
    private record Batch(String rows, List<UUID> ids) {
    }

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

    /** {@link #append} on a plain reactive connection (see {@link #appendAll(SqlClient, List)}). */
    public Uni<UUID> append(SqlClient connection, Pending event) {
        return appendAll(connection, List.of(event)).map(ids -> ids.get(0));
    }

    /** Several events in one statement, published in this order; returns their ids in the same order. */
    public Uni<List<UUID>> appendAll(List<Pending> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().deferred(() -> {
            Batch batch = batch(events);
            return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                    .setParameter("rows", batch.rows())
                    .setParameter("occurred", OffsetDateTime.now(ZoneOffset.UTC))
                    .setParameter("traceparent", currentTraceparent())
                    .executeUpdate())
                    .replaceWith(batch.ids());
        });
    }

    /**
     * {@link #appendAll(List)} on a plain reactive connection, for callers that run their transaction on the pool
     * rather than in a Hibernate session (their hot paths): the same statement, in that connection's transaction.
     */
    public Uni<List<UUID>> appendAll(SqlClient connection, List<Pending> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().deferred(() -> {
            Batch batch = batch(events);
            return connection.preparedQuery(INSERT_PLAIN)
                    .execute(Tuple.of(batch.rows(), OffsetDateTime.now(ZoneOffset.UTC), currentTraceparent()))
                    .replaceWith(batch.ids());
        });
    }

    private Batch batch(List<Pending> events) {
        ArrayNode rows = mapper.createArrayNode();
        List<UUID> ids = new ArrayList<>(events.size());
        for (Pending e : events) {
            if (!e.type().dataClass().isInstance(e.data())) {
                throw new IllegalArgumentException(e.type().typeName() + " carries "
                        + e.type().dataClass().getSimpleName() + ", not " + e.data().getClass().getSimpleName());
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
        try {
            return new Batch(mapper.writeValueAsString(rows), ids);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("outbox rows not serialisable", ex);
        }
    }

    private static String currentTraceparent() {
        SpanContext ctx = Span.current().getSpanContext();
        if (!ctx.isValid()) {
            return null;
        }
        return "00-" + ctx.getTraceId() + "-" + ctx.getSpanId() + "-" + ctx.getTraceFlags().asHex();
    }
}
