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
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
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
        String key = Fixtures.botKey(tenant());
        String contact = "c-" + UUID.randomUUID();
        String conversationId = Fixtures.conversation(key, contact);
        for (Response post : InboundTest.parallel(3, i -> bot(key).header("Idempotency-Key", "k-" + i)
                .body(inboundBody(contact, "together " + i)).post("/api/v1/channels/whatsapp/inbound"))) {
            assertEquals(201, post.statusCode(), post.asString());
        }
        assertEquals(1, Fixtures.transactions(pool, conversationId, 1), "the three messages committed in one transaction");
    }
}
