package io.switchboard.conversation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.BotEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.conversation.domain.ConversationRules;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.outbox.Outbox;
import io.switchboard.platform.security.ApiKeys;
import io.switchboard.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Bots are rows of the platform's api_keys table (the X-Api-Key mechanism authenticates against it). A bot has two
 * events, so its sequence is 1 for bot.created and 2 for bot.deleted; the conditional UPDATE makes the delete
 * happen once.
 */
@ApplicationScoped
public class BotService {

    public record Bot(UUID id, String name, Instant createdAt) {
    }

    public record CreatedBot(Bot bot, String apiKey) {
    }

    private final Outbox outbox;
    private final ApiKeys apiKeys;

    public BotService(Outbox outbox, ApiKeys apiKeys) {
        this.outbox = outbox;
        this.apiKeys = apiKeys;
    }

    @WithTransaction
    public Uni<CreatedBot> create(Caller caller, String name) {
        UUID id = UUID.randomUUID();
        String key = ApiKeys.newKey();
        String hash = ApiKeys.hash(key);
        Instant now = ConversationRules.now();
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO api_keys (bot_id, tenant_id, name, key_hash, created_at) VALUES (:id, :tenant, :name, :hash, :at)")
                        .setParameter("id", id).setParameter("tenant", caller.tenantId()).setParameter("name", name)
                        .setParameter("hash", hash).setParameter("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .executeUpdate())
                .chain(() -> outbox.append(EventType.BOT_CREATED, caller.tenantId(), id.toString(), null, 1,
                        new BotEvents.Created(id.toString(), name, hash, caller.actor())))
                .replaceWith(new CreatedBot(new Bot(id, name, now), key));
    }

    @WithSession
    public Uni<List<Bot>> list(Caller caller) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT bot_id, name, created_at FROM api_keys WHERE tenant_id = :tenant AND deleted_at IS NULL ORDER BY created_at, bot_id",
                        Object[].class)
                .setParameter("tenant", caller.tenantId())
                .getResultList())
                .map(rows -> rows.stream().map(r -> new Bot((UUID) r[0], (String) r[1], toInstant(r[2]))).toList());
    }

    /** Refused at once on this replica; other replicas forget the key within {@code switchboard.api-keys.cache-ttl}. */
    public Uni<Void> delete(Caller caller, UUID id) {
        return Panache.withTransaction(() -> markDeleted(caller, id)).invoke(() -> apiKeys.forget(id.toString()));
    }

    private Uni<Void> markDeleted(Caller caller, UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "UPDATE api_keys SET deleted_at = now() WHERE bot_id = :id AND tenant_id = :tenant AND deleted_at IS NULL")
                        .setParameter("id", id).setParameter("tenant", caller.tenantId())
                        .executeUpdate())
                .chain(rows -> {
                    if (rows == 0) {
                        return Uni.createFrom().failure(ProblemException.notFound("bot " + id));
                    }
                    return outbox.append(EventType.BOT_DELETED, caller.tenantId(), id.toString(), null, 2,
                            new BotEvents.Deleted(id.toString(), caller.actor())).replaceWithVoid();
                });
    }

    static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + value);
    }
}
