package io.switchboard.notification.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** webhooks and webhook_deliveries, on the reactive pool (every statement is one tenant's or one claim's). */
@ApplicationScoped
public class WebhookRepository {

    public record WebhookRow(UUID id, String url, List<String> eventTypes, OffsetDateTime createdAt) {
    }

    public record DeliveryRow(UUID id, UUID webhookId, UUID eventId, String eventType, String status, int attempts,
            OffsetDateTime nextAttemptAt, Integer lastStatus, String lastError, OffsetDateTime createdAt,
            OffsetDateTime deliveredAt) {
    }

    /** A claimed delivery with what is needed to send it. */
    public record Due(UUID id, String url, String secret, String eventType, String body, int attempts) {
    }

    private static final String WEBHOOK_COLUMNS = "id, url, event_types, created_at";
    private static final String DELIVERY_COLUMNS = """
            id, webhook_id, event_id, event_type, status, attempts, next_attempt_at, last_status, last_error, created_at,
            delivered_at""";

    private final Pool pool;
    /**
     * Tenants with at least one webhook (a superset is harmless): the feed reads every event of every tenant, and
     * most tenants have none, so it skips them without a query. Refreshed from the table every second by
     * {@link #refreshSubscribers()}, at once when this replica creates a webhook; another replica's new webhook
     * starts receiving within that second.
     */
    private volatile java.util.Set<String> subscribers = java.util.Set.of();

    public WebhookRepository(Pool pool) {
        this.pool = pool;
    }

    /** False means: this tenant has no webhook, the event needs no work at all. */
    public boolean hasSubscribers(String tenant) {
        return subscribers.contains(tenant);
    }

    public Uni<Void> refreshSubscribers() {
        return pool.preparedQuery("SELECT DISTINCT tenant_id FROM webhooks WHERE deleted_at IS NULL").execute()
                .invoke(rows -> {
                    java.util.Set<String> tenants = new java.util.HashSet<>();
                    rows.forEach(r -> tenants.add(r.getString("tenant_id")));
                    subscribers = java.util.Set.copyOf(tenants);
                }).replaceWithVoid();
    }

    /**
     * Stores a webhook unless the tenant already has {@code max}: then null. Creates of one tenant take turns on a
     * transaction-scoped advisory lock, so concurrent ones cannot both pass the count.
     */
    public Uni<WebhookRow> create(UUID id, String tenant, String url, List<String> types, String secret, int max) {
        return pool.withTransaction(c -> c.preparedQuery("""
                        SELECT pg_advisory_xact_lock(hashtext('webhooks_per_tenant'), hashtext($1)),
                               (SELECT count(*) FROM webhooks WHERE tenant_id = $1 AND deleted_at IS NULL) AS existing""")
                .execute(Tuple.of(tenant))
                .chain(counted -> counted.iterator().next().getLong("existing") >= max ? Uni.createFrom().<WebhookRow>nullItem()
                        : c.preparedQuery("INSERT INTO webhooks (id, tenant_id, url, event_types, secret) VALUES ($1, $2, $3, $4, $5) RETURNING "
                                + WEBHOOK_COLUMNS).execute(Tuple.of(id, tenant, url, types.toArray(new String[0]), secret))
                                .map(rows -> webhook(rows.iterator().next()))))
                .call(w -> w == null ? Uni.createFrom().voidItem() : refreshSubscribers());
    }

    public Uni<List<WebhookRow>> list(String tenant) {
        return pool.preparedQuery("SELECT " + WEBHOOK_COLUMNS + " FROM webhooks WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY created_at")
                .execute(Tuple.of(tenant)).map(rows -> all(rows, WebhookRepository::webhook));
    }

    public Uni<WebhookRow> find(String tenant, UUID id) {
        return pool.preparedQuery("SELECT " + WEBHOOK_COLUMNS + " FROM webhooks WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL")
                .execute(Tuple.of(tenant, id)).map(rows -> rows.size() == 0 ? null : webhook(rows.iterator().next()));
    }

    /** Soft delete: its pending deliveries stop, its history stays for inspection. */
    public Uni<Boolean> delete(String tenant, UUID id) {
        return pool.withTransaction(c -> c.preparedQuery("UPDATE webhooks SET deleted_at = now() WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL")
                .execute(Tuple.of(tenant, id)).chain(r -> r.rowCount() == 0 ? Uni.createFrom().item(false)
                        : c.preparedQuery("UPDATE webhook_deliveries SET status = 'DEAD', last_error = 'webhook deleted' WHERE webhook_id = $1 AND status = 'PENDING'")
                                .execute(Tuple.of(id)).replaceWith(true)));
    }

    /** One delivery per subscribed webhook; a redelivered event finds its rows there already. */
    public Uni<Integer> enqueue(String tenant, UUID eventId, String type, Function<UUID, String> bodyForDelivery) {
        return pool.preparedQuery("""
                SELECT id FROM webhooks WHERE tenant_id = $1 AND deleted_at IS NULL AND ($2 = ANY(event_types) OR '*' = ANY(event_types))""")
                .execute(Tuple.of(tenant, type)).chain(hooks -> {
                    if (hooks.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Tuple> batch = new ArrayList<>();
                    for (Row h : hooks) {
                        UUID deliveryId = UUID.randomUUID();
                        batch.add(Tuple.of(deliveryId, h.getUUID("id"), tenant, eventId, type, bodyForDelivery.apply(deliveryId)));
                    }
                    return pool.preparedQuery("""
                            INSERT INTO webhook_deliveries (id, webhook_id, tenant_id, event_id, event_type, body)
                            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (webhook_id, event_id) DO NOTHING""")
                            .executeBatch(batch).replaceWith(batch.size());
                });
    }

    /** Claims due deliveries for {@code lease}; any replica may run this concurrently. */
    public Uni<List<Due>> claim(int limit, Duration lease) {
        return pool.preparedQuery("""
                UPDATE webhook_deliveries d SET attempts = d.attempts + 1,
                       next_attempt_at = now() + $2 * interval '1 millisecond'
                  FROM webhooks w
                 WHERE w.id = d.webhook_id AND d.id IN (
                       SELECT id FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= now()
                        ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
                RETURNING d.id, w.url, w.secret, d.event_type, d.body, d.attempts""")
                .execute(Tuple.of(limit, lease.toMillis())).map(rows -> all(rows, r -> new Due(r.getUUID("id"),
                        r.getString("url"), r.getString("secret"), r.getString("event_type"), r.getString("body"),
                        r.getInteger("attempts"))));
    }

    public Uni<Void> delivered(UUID id, int status) {
        return pool.preparedQuery("""
                UPDATE webhook_deliveries SET status = 'DELIVERED', delivered_at = now(), last_status = $2, last_error = NULL
                 WHERE id = $1 AND status = 'PENDING'""").execute(Tuple.of(id, status)).replaceWithVoid();
    }

    /** A failed attempt: retried after {@code retryIn}, or DEAD when that was the last try. */
    public Uni<Void> failed(UUID id, Integer status, String error, boolean dead, Duration retryIn) {
        String message = error == null ? null : error.substring(0, Math.min(500, error.length()));
        return pool.preparedQuery("""
                UPDATE webhook_deliveries SET status = CASE WHEN $4 THEN 'DEAD' ELSE 'PENDING' END,
                       last_status = $2, last_error = $3, next_attempt_at = now() + $5 * interval '1 millisecond'
                 WHERE id = $1 AND status = 'PENDING'""")
                .execute(Tuple.of(id, status, message, dead, retryIn.toMillis())).replaceWithVoid();
    }

    public Uni<List<DeliveryRow>> deliveries(String tenant, UUID webhookId, String status, int limit) {
        return pool.preparedQuery("SELECT " + DELIVERY_COLUMNS + " " + """
                 FROM webhook_deliveries WHERE tenant_id = $1 AND webhook_id = $2 AND ($3::text IS NULL OR status = $3)
                 ORDER BY created_at DESC, id LIMIT $4""").execute(Tuple.of(tenant, webhookId, status, limit))
                .map(rows -> all(rows, WebhookRepository::delivery));
    }

    /** Replays DEAD (or, with a delivery id, also DELIVERED) deliveries: the same id and body, tries counted anew. */
    public Uni<Integer> replay(String tenant, UUID webhookId, UUID deliveryId) {
        return pool.preparedQuery("""
                UPDATE webhook_deliveries d SET status = 'PENDING', attempts = 0, next_attempt_at = now(), last_error = NULL
                  FROM webhooks w
                 WHERE w.id = d.webhook_id AND w.deleted_at IS NULL AND d.tenant_id = $1 AND d.webhook_id = $2
                   AND ($3::uuid IS NULL AND d.status = 'DEAD' OR d.id = $3 AND d.status <> 'PENDING')""")
                .execute(Tuple.of(tenant, webhookId, deliveryId)).map(RowSet::rowCount);
    }

    private static WebhookRow webhook(Row r) {
        return new WebhookRow(r.getUUID("id"), r.getString("url"), Arrays.asList(r.getArrayOfStrings("event_types")),
                r.getOffsetDateTime("created_at"));
    }

    private static DeliveryRow delivery(Row r) {
        return new DeliveryRow(r.getUUID("id"), r.getUUID("webhook_id"), r.getUUID("event_id"), r.getString("event_type"),
                r.getString("status"), r.getInteger("attempts"), r.getOffsetDateTime("next_attempt_at"),
                r.getInteger("last_status"), r.getString("last_error"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("delivered_at"));
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> map) {
        List<T> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(map.apply(r)));
        return out;
    }
}
