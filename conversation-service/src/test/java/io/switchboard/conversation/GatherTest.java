package io.switchboard.conversation;

import static io.switchboard.conversation.Fixtures.bot;
import static io.switchboard.conversation.Fixtures.inboundBody;
import static io.switchboard.conversation.Fixtures.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * {@code ingest.gather}: an idle lane waits for more messages before it starts a transaction. Without the wait the
 * first message would start one at once and the others would share the next, so one transaction for all proves it.
 */
@QuarkusTest
@TestProfile(GatherTest.Gathering.class)
class GatherTest {

    public static class Gathering implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A wide window, so that requests sent together reach it even on a busy machine; one lane, so all meet.
            return Map.of("switchboard.conversation.ingest.gather", "400ms",
                    "switchboard.conversation.ingest.lanes", "1");
        }
    }

    @Inject
    Pool pool;

    @Test
    void messagesArrivingWithinTheWaitOfAnIdleLaneShareOneTransaction() throws Exception {
        String tenant = tenant();
        String key = Fixtures.botKey(tenant);
        String contact = "c-" + UUID.randomUUID();
        String conversationId = Fixtures.conversation(key, contact);
        ExecutorService clients = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<CompletableFuture<Response>> posts = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String idempotencyKey = "k-" + i;
                posts.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(go);
                    return bot(key).header("Idempotency-Key", idempotencyKey)
                            .body(inboundBody(contact, "together " + idempotencyKey))
                            .post("/api/v1/channels/whatsapp/inbound");
                }, clients));
            }
            go.countDown();
            for (CompletableFuture<Response> post : posts) {
                assertEquals(201, post.get().statusCode(), post.get().asString());
            }
        } finally {
            clients.shutdownNow();
        }
        long transactions = pool.preparedQuery("""
                SELECT count(DISTINCT xmin::text) FROM messages WHERE conversation_id = $1 AND sequence > 1""")
                .execute(Tuple.of(UUID.fromString(conversationId))).await().indefinitely()
                .iterator().next().getLong(0);
        assertEquals(1, transactions, "the three messages committed in one transaction");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
