package io.switchboard.customer.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** customers.last_interaction_at, the read-model field conversation messages move: a batch is one statement. */
@ApplicationScoped
public class LastInteractionRepository {

    /** A message of a customer at a time. */
    public record Touch(String tenantId, UUID customerId, Instant at) {
    }

    private record Key(String tenantId, UUID customerId) {
    }

    // Forward only: a redelivered or reordered older message never moves it back.
    private static final String TOUCH = """
            UPDATE customers c SET last_interaction_at = t.at
              FROM unnest($1::text[], $2::uuid[], $3::timestamptz[]) AS t(tenant_id, id, at)
             WHERE c.id = t.id AND c.tenant_id = t.tenant_id
               AND (c.last_interaction_at IS NULL OR c.last_interaction_at < t.at)""";

    /**
     * Moves each customer's last interaction to the newest of its touches. One row per customer (an UPDATE … FROM
     * applies only one of several matching rows), in id order so concurrent batches lock rows in the same order.
     */
    public Uni<Void> touch(SqlClient client, List<Touch> touches) {
        if (touches.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<Key, Instant> newest = new TreeMap<>(Comparator.comparing(Key::customerId).thenComparing(Key::tenantId));
        for (Touch t : touches) {
            newest.merge(new Key(t.tenantId(), t.customerId()), t.at(), (a, b) -> a.isAfter(b) ? a : b);
        }
        int n = newest.size();
        String[] tenants = new String[n];
        UUID[] ids = new UUID[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        int i = 0;
        for (var e : newest.entrySet()) {
            tenants[i] = e.getKey().tenantId();
            ids[i] = e.getKey().customerId();
            times[i++] = e.getValue().atOffset(ZoneOffset.UTC);
        }
        return client.preparedQuery(TOUCH).execute(Tuple.of(tenants, ids, times)).replaceWithVoid();
    }
}
