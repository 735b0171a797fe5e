package io.switchboard.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bot API keys: 32 random bytes, shown once, stored only as SHA-256 (a key has full entropy, so a fast hash is
 * enough and lets the lookup be one indexed read). The {@code api_keys} table is the platform's; its owner
 * (conversation-service) writes it, other services replicate it from {@code bot.*} events.
 */
@ApplicationScoped
public class ApiKeys {

    public static final String PREFIX = "sbk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    public record BotKey(String botId, String tenantId, String name) {
    }

    private final Pool pool;
    // Verified keys, remembered for at most switchboard.api-keys.cache-ttl: a bot's requests cost no query, and a
    // deleted key stops working on every replica within that time without any message between replicas.
    private final Cache<String, BotKey> verified;

    public ApiKeys(Pool pool, @ConfigProperty(name = "switchboard.api-keys.cache-ttl", defaultValue = "1s") Duration ttl,
            @ConfigProperty(name = "switchboard.api-keys.cache-size", defaultValue = "10000") int size) {
        this.pool = pool;
        this.verified = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(size).build();
    }

    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Uni<Optional<BotKey>> find(String key) {
        if (key == null || !key.startsWith(PREFIX) || key.length() > 100) {
            return Uni.createFrom().item(Optional.empty());
        }
        String hash = hash(key);
        BotKey remembered = verified.getIfPresent(hash);
        if (remembered != null) {
            return Uni.createFrom().item(Optional.of(remembered));
        }
        return pool.preparedQuery("SELECT bot_id, tenant_id, name FROM api_keys WHERE key_hash = $1 AND deleted_at IS NULL")
                .execute(Tuple.of(hash))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    Row r = it.next();
                    BotKey bot = new BotKey(r.getUUID("bot_id").toString(), r.getString("tenant_id"), r.getString("name"));
                    verified.put(hash, bot);
                    return Optional.of(bot);
                });
    }

    /** This replica forgets a key at once (its owner deleted the bot here); other replicas within the TTL. */
    public void forget(String botId) {
        verified.asMap().values().removeIf(bot -> bot.botId().equals(botId));
    }
}
