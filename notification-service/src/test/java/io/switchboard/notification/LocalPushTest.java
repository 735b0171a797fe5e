package io.switchboard.notification;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replica that computes a frame pushes it to its own sockets as soon as the transaction commits, without the
 * relay and the agent.counters topic in between. Here the relay is off and the periodic comparison with the
 * database is ten minutes away, so a frame that arrives can only have come that way; the frames stay unsent in
 * the outbox, waiting for the topic that carries them to the other replicas.
 */
@QuarkusTest
@TestProfile(LocalPushTest.RelayOff.class)
class LocalPushTest {

    public static class RelayOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.outbox.relay-enabled", "false",
                    "switchboard.notification.push.resync-interval", "10m");
        }
    }

    static ConversationEventSender events;

    @Inject
    Pool pool;

    @BeforeAll
    static void producer() {
        events = new ConversationEventSender();
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void framesReachThisReplicasSocketsWhenCommittedNotWhenRelayed() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        String c = UUID.randomUUID().toString();
        try (AgentSocketClient ana = AgentSocketClient.connect(RestAssured.port, TestTokens.agent(tenant, "ana"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ana.data().size() == 1);

            events.send(tenant, c, 1, "conversation.created", "OPEN", "ana", true, true);
            await().atMost(Duration.ofSeconds(60)).until(() -> "1/1/0".equals(ana.shown()));
            events.send(tenant, c, 2, "conversation.message_created", "OPEN", "ana", false, true);
            await().atMost(Duration.ofSeconds(60)).until(() -> "0/1/0".equals(ana.shown()));

            List<JsonNode> frames = ana.data();
            assertEquals(3, frames.size(), "snapshot and two frames, no repeat: " + frames);
            for (int i = 0; i < frames.size(); i++) {
                assertEquals(i, frames.get(i).path("sequence").asLong(), "gap-free sequence: " + frames);
            }
            assertEquals("conversation.message_created", frames.get(2).path("cause").path("type").asText());
        }
        long unsent = pool.preparedQuery("SELECT count(*) FROM outbox_events WHERE aggregateid = $1 AND type = 'agent.counters_changed' AND sent_at IS NULL")
                .execute(Tuple.of(tenant + "/ana")).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
        assertEquals(2, unsent, "both frames still wait in the outbox for the topic");
    }
}
