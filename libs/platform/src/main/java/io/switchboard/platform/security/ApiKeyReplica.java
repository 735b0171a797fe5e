package io.switchboard.platform.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.EventType;
import io.switchboard.platform.messaging.IncomingEvent;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * How a service that does not own bots accepts their keys: the {@code bot.created} and {@code bot.deleted} events
 * (on {@code conversation.events}) written into its own {@code api_keys}, in the transaction of the consumer that
 * claimed them. Only the key's hash travels; a deleted key stops authenticating here within {@link ApiKeys}'
 * cache time of the event being consumed.
 */
@ApplicationScoped
public class ApiKeyReplica {

    /** A bot's key appearing ({@code keyHash} set) or going away ({@code keyHash} null). */
    public record Change(UUID botId, String tenantId, String name, String keyHash) {
        boolean created() {
            return keyHash != null;
        }
    }

    private static final String CREATED = """
            INSERT INTO api_keys (bot_id, tenant_id, name, key_hash) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING""";
    private static final String DELETED = "UPDATE api_keys SET deleted_at = now() WHERE bot_id = $1 AND tenant_id = $2";

    /** The change a consumed event carries, or null: another type, or a bot event without a usable id or hash. */
    public static Change change(IncomingEvent event, JsonNode data) {
        EventType type = event.knownType().orElse(null);
        if (type != EventType.BOT_CREATED && type != EventType.BOT_DELETED) {
            return null;
        }
        UUID botId;
        try {
            botId = UUID.fromString(data.path("botId").asText(""));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (type == EventType.BOT_DELETED) {
            return new Change(botId, event.tenantId(), null, null);
        }
        String hash = data.path("keyHash").asText("");
        return hash.length() == 64 ? new Change(botId, event.tenantId(), data.path("name").asText("bot"), hash) : null;
    }

    /** Writes the changes in the caller's transaction: creations first, so a key created and deleted in one batch ends deleted. */
    public Uni<Void> apply(SqlClient conn, List<Change> changes) {
        List<Tuple> created = new ArrayList<>();
        List<Tuple> deleted = new ArrayList<>();
        for (Change c : changes) {
            if (c.created()) {
                created.add(Tuple.of(c.botId(), c.tenantId(), c.name(), c.keyHash()));
            } else {
                deleted.add(Tuple.of(c.botId(), c.tenantId()));
            }
        }
        Uni<Void> create = created.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery(CREATED).executeBatch(created).replaceWithVoid();
        return create.chain(() -> deleted.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery(DELETED).executeBatch(deleted).replaceWithVoid());
    }
}
