package io.switchboard.conversation;

import static io.switchboard.conversation.Fixtures.admin;
import static io.switchboard.conversation.Fixtures.bot;
import static io.switchboard.conversation.Fixtures.inboundBody;
import static io.switchboard.conversation.Fixtures.tenant;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.conversation.config.ConversationConfig;
import io.switchboard.conversation.service.InboundBatcher;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The inbound group commit on the real database: a test connection holds a conversation's row lock, so the lane's
 * transaction waits and what arrives meanwhile queues, deterministically.
 */
@QuarkusTest
class GroupCommitTest {

    private static final String URL = "/api/v1/channels/whatsapp/inbound";

    @Inject
    Pool pool;
    @Inject
    InboundBatcher batcher;
    @Inject
    ConversationConfig config;

    @Test
    void messagesThatArriveDuringATransactionShareTheNextOneWithGapFreeSequences() throws Exception {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String contact = "c-" + UUID.randomUUID();
        String conversationId = Fixtures.conversation(key, contact);
        ExecutorService clients = Executors.newFixedThreadPool(9);
        try (Held held = hold(conversationId)) {
            CompletableFuture<Response> blocked = post(clients, key, contact, "blocked", "k-0");
            await().atMost(Duration.ofSeconds(10)).until(() -> held.othersWaiting() == 1);
            List<CompletableFuture<Response>> queued = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                queued.add(post(clients, key, contact, "queued " + i, "k-" + i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> batcher.queued() == 8);
            held.release();
            assertEquals(201, blocked.get().statusCode(), blocked.get().asString());
            for (CompletableFuture<Response> q : queued) {
                assertEquals(201, q.get().statusCode(), q.get().asString());
            }
        } finally {
            clients.shutdownNow();
        }
        admin(tenant).get("/api/v1/conversations/" + conversationId + "/messages").then().statusCode(200)
                .body("items.sequence", equalTo(LongStream.rangeClosed(1, 10).mapToObj(l -> (int) l).toList()));
        assertEquals(1, Fixtures.transactions(pool, conversationId, 2),
                "the eight queued messages committed in one transaction");
    }

    @Test
    void pastTheQueueDelayAMessageIsRefusedAtOnceAndWritesNothing() throws Exception {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String contact = "c-" + UUID.randomUUID();
        String conversationId = Fixtures.conversation(key, contact);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (Held held = hold(conversationId)) {
            CompletableFuture<Response> blocked = post(clients, key, contact, "blocked", "k-0");
            await().atMost(Duration.ofSeconds(10)).until(() -> held.othersWaiting() == 1);
            CompletableFuture<Response> waiting = post(clients, key, contact, "waiting", "k-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> batcher.queued() == 1);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> batcher.longestWait().compareTo(config.ingest().maxQueueDelay()) > 0);

            Response refused = bot(key).header("Idempotency-Key", "k-2").body(inboundBody(contact, "refused")).post(URL);
            InboundTest.problem(refused, 503);
            assertNotNull(refused.header("Retry-After"), "tells the bot when to come back");

            held.release();
            assertEquals(201, blocked.get().statusCode());
            assertEquals(201, waiting.get().statusCode(), "admitted before the limit: still stored");
        } finally {
            clients.shutdownNow();
        }
        // The refused message was not stored: its retry is a first delivery (201), not a repeat (200).
        bot(key).header("Idempotency-Key", "k-2").body(inboundBody(contact, "refused")).post(URL).then()
                .statusCode(201).body("sequence", equalTo(4));
    }

    @Test
    void theWarmUpRehearsalStoresAndPublishesNothing() {
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200);
        long rows = pool.preparedQuery("""
                SELECT (SELECT count(*) FROM conversations WHERE tenant_id = $1)
                     + (SELECT count(*) FROM messages WHERE tenant_id = $1)
                     + (SELECT count(*) FROM outbox_events WHERE tenant_id = $1)""")
                .execute(Tuple.of("switchboard-warmup")).await().indefinitely().iterator().next().getLong(0);
        assertEquals(0, rows);
    }

    private static CompletableFuture<Response> post(ExecutorService clients, String key, String contact, String text,
            String idempotencyKey) {
        return CompletableFuture.supplyAsync(() -> bot(key).header("Idempotency-Key", idempotencyKey)
                .body(inboundBody(contact, text)).post(URL), clients);
    }

    /** A test connection's transaction holding the conversation's row lock until released. */
    private Held hold(String conversationId) {
        SqlConnection conn = pool.getConnection().await().indefinitely();
        conn.begin().await().indefinitely();
        conn.preparedQuery("SELECT id FROM conversations WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(UUID.fromString(conversationId))).await().indefinitely();
        return new Held(pool, conn);
    }

    private static final class Held implements AutoCloseable {
        private final Pool pool;
        private final SqlConnection conn;
        private boolean released;

        Held(Pool pool, SqlConnection conn) {
            this.pool = pool;
            this.conn = conn;
        }

        /** Other sessions of this database blocked on a lock right now. */
        long othersWaiting() {
            return pool.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND wait_event_type = 'Lock'").execute().await().indefinitely().iterator().next().getLong(0);
        }

        void release() {
            if (!released) {
                released = true;
                conn.query("ROLLBACK").execute().await().indefinitely();
                conn.close().await().indefinitely();
            }
        }

        @Override
        public void close() {
            release();
        }
    }
}
