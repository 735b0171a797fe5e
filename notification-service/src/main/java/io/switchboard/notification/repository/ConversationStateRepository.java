package io.switchboard.notification.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smallrye.mutiny.Uni;
import io.switchboard.notification.domain.ConversationState;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * conversation_states; every method runs in the caller's transaction, on its connection. A batch's rows travel as
 * one JSON document (cast from text in SQL), so a batch costs the same few statements whatever its size.
 */
@ApplicationScoped
public class ConversationStateRepository {

    public record Key(String tenant, String conversationId) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int t = tenant.compareTo(o.tenant);
            return t != 0 ? t : conversationId.compareTo(o.conversationId);
        }
    }

    /** A locked row: the stored state and the sequence of the event that produced it. */
    public record Locked(ConversationState state, long lastSequence) {
    }

    /** A conversation's new state, as of the event with {@code sequence}. */
    public record Next(String customerId, ConversationState state, long sequence) {
    }

    private static final String KEYS = "jsonb_to_recordset(CAST(CAST($1 AS text) AS jsonb))";
    private static final String ENSURE = """
            INSERT INTO conversation_states (tenant_id, conversation_id)
            SELECT x.t, x.c FROM %s AS x(t text, c text) ORDER BY x.t, x.c
            ON CONFLICT DO NOTHING""".formatted(KEYS);
    // Both statements must probe the primary key once per batch row. The planner assumes 100 rows from
    // jsonb_to_recordset, and with that a cached generic plan hash-joined them to a scan of the whole table (plus
    // every dead version where vacuum lags), once per batch. So the lock looks each key up
    // in a LATERAL subquery, which cannot become a hash join, in key order (two overlapping batches cannot
    // deadlock); and the update takes its rows through LIMIT :n (the batch's size), which a generic plan estimates
    // as a handful of rows.
    private static final String LOCK = """
            SELECT s.tenant_id, s.conversation_id, s.status, s.assignee_id, s.unread, s.activity_open, s.last_sequence
              FROM (SELECT x.t, x.c FROM %s AS x(t text, c text) ORDER BY x.t, x.c) k
             CROSS JOIN LATERAL (SELECT * FROM conversation_states c WHERE c.tenant_id = k.t AND c.conversation_id = k.c
                                   FOR UPDATE) s""".formatted(KEYS);
    private static final String UPDATE = """
            UPDATE conversation_states s SET customer_id = coalesce(x.customer, s.customer_id), assignee_id = x.assignee,
                   status = x.status, unread = x.unread, activity_open = x.activity, last_sequence = x.sequence,
                   updated_at = now()
              FROM (SELECT * FROM %s AS r(t text, c text, customer text, assignee text, status text, unread boolean,
                                          activity boolean, sequence bigint) LIMIT $2) x
             WHERE s.tenant_id = x.t AND s.conversation_id = x.c""".formatted(KEYS);

    private final ObjectMapper mapper;

    public ConversationStateRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Locks the conversations' rows (creating empty ones first), so events of one conversation apply one after
     * another even when two consumers overlap during a rebalance. Both statements go out together (pipelined).
     */
    public Uni<Map<Key, Locked>> lockAll(SqlConnection connection, Collection<Key> keys) {
        ArrayNode rows = mapper.createArrayNode();
        keys.forEach(k -> rows.addObject().put("t", k.tenant()).put("c", k.conversationId()));
        Tuple json = Tuple.of(rows.toString());
        return Uni.combine().all().unis(connection.preparedQuery(ENSURE).execute(json), connection.preparedQuery(LOCK).execute(json))
                .with((ensured, found) -> {
                    Map<Key, Locked> out = new HashMap<>(found.size() * 2);
                    for (Row r : found) {
                        out.put(new Key(r.getString(0), r.getString(1)),
                                new Locked(new ConversationState(r.getString(2), r.getString(3), r.getBoolean(4), r.getBoolean(5)),
                                        r.getLong(6)));
                    }
                    return out;
                });
    }

    public Uni<Void> updateAll(SqlConnection connection, SortedMap<Key, Next> next) {
        if (next.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode rows = mapper.createArrayNode();
        next.forEach((k, n) -> rows.addObject().put("t", k.tenant()).put("c", k.conversationId())
                .put("customer", n.customerId()).put("assignee", n.state().assigneeId())
                .put("status", n.state().status()).put("unread", n.state().unread())
                .put("activity", n.state().activityOpen()).put("sequence", n.sequence()));
        return connection.preparedQuery(UPDATE).execute(Tuple.of(rows.toString(), (long) next.size())).replaceWithVoid();
    }
}
