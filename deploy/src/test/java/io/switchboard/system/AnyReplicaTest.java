package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * No sticky sessions: two notification-service replicas share one consumer group (counters computed once) and
 * each pushes to its own sockets from agent.counters. An agent's two consoles, one on each replica, see the same
 * frames; when one replica stops, its console resumes on the other from its last sequence and misses nothing.
 */
@Order(50)
class AnyReplicaTest {

    private static final int BEFORE_STOP = 8;
    private static final int AFTER_STOP = 4;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void bothReplicasDeliverEveryFrameAndAConsoleResumesOnTheOtherOne() throws Exception {
        Suite.control("start", "notification-service-2");
        String tenant = Suite.newTenant();
        String apiKey = Suite.createBot(tenant);
        String token = Suite.admin(tenant);

        try (AgentSocket one = new AgentSocket(Suite.NOTIFICATION, token, null)) {
            AgentSocket two = new AgentSocket(Suite.NOTIFICATION_2, token, null);
            long start = snapshotSequence(one);
            assertEquals(start, snapshotSequence(two), "both replicas read the same counters");

            // New conversations from different contacts: their events spread over the partitions, so both replicas'
            // consumers compute some of the changes, and each replica pushes all of them.
            for (int i = 0; i < BEFORE_STOP; i++) {
                Suite.inbound(apiKey, "webchat", "replica-" + i + "-" + tenant, "hola " + i, null).then().statusCode(201);
            }
            JsonNode lastOnOne = awaitUnassigned(one, BEFORE_STOP);
            JsonNode lastOnTwo = awaitUnassigned(two, BEFORE_STOP);
            assertEquals(lastOnOne, lastOnTwo, "the same frame on either replica");
            long upTo = lastOnOne.path("sequence").asLong();
            List<Long> seenByOne = counterSequences(one, upTo);
            assertContiguous(start, seenByOne);
            assertEquals(seenByOne, counterSequences(two, upTo), "the same frames, in the same order, on either replica");

            // Replica 2 goes away (a rollout, a scale-down); its console reconnects to replica 1 with its last
            // sequence while more customers write.
            long lastSeen = lastOnTwo.path("sequence").asLong();
            two.close();
            Suite.control("stop", "notification-service-2");
            for (int i = BEFORE_STOP; i < BEFORE_STOP + AFTER_STOP; i++) {
                Suite.inbound(apiKey, "webchat", "replica-" + i + "-" + tenant, "hola " + i, null).then().statusCode(201);
            }
            JsonNode current = awaitUnassigned(one, BEFORE_STOP + AFTER_STOP);
            try (AgentSocket resumed = new AgentSocket(Suite.NOTIFICATION, token, lastSeen)) {
                JsonNode caughtUp = awaitUnassigned(resumed, BEFORE_STOP + AFTER_STOP);
                List<Long> replayed = counterSequences(resumed, caughtUp.path("sequence").asLong());
                assertTrue(resumed.frames().stream().noneMatch(f -> "snapshot".equals(f.json().path("type").asText())),
                        "a resume within what is kept replays frames, not a snapshot: " + resumed.frames());
                assertContiguous(lastSeen, replayed);
                assertEquals(current.path("sequence").asLong(), caughtUp.path("sequence").asLong());
                assertEquals(current.path("counters"), caughtUp.path("counters"), "ends where a console that never left is");
            }
        } finally {
            Suite.control("stop", "notification-service-2");
        }
    }

    private static long snapshotSequence(AgentSocket socket) {
        var snapshot = socket.await(f -> "snapshot".equals(f.path("type").asText()), WAIT);
        assertNotNull(snapshot, "a snapshot on connect");
        assertEquals(0, snapshot.json().path("counters").path("unassigned").asLong(), "a new tenant starts empty");
        return snapshot.json().path("sequence").asLong();
    }

    /** The first counters frame showing {@code n} unassigned conversations. */
    private static JsonNode awaitUnassigned(AgentSocket socket, int n) {
        var frame = socket.await(f -> "counters".equals(f.path("type").asText())
                && f.path("counters").path("unassigned").asLong() == n, WAIT);
        assertNotNull(frame, n + " unassigned conversations on the socket; got " + socket.frames());
        return frame.json();
    }

    /** The sequences of the counters frames the socket got, up to {@code upTo}. */
    private static List<Long> counterSequences(AgentSocket socket, long upTo) {
        List<Long> out = new ArrayList<>();
        for (AgentSocket.Frame f : socket.frames()) {
            if ("counters".equals(f.json().path("type").asText()) && f.json().path("sequence").asLong() <= upTo) {
                out.add(f.json().path("sequence").asLong());
            }
        }
        return out;
    }

    /** Every frame after {@code after}, none skipped, none twice. */
    private static void assertContiguous(long after, List<Long> sequences) {
        assertTrue(!sequences.isEmpty(), "frames after " + after);
        for (int i = 0; i < sequences.size(); i++) {
            assertEquals(after + 1 + i, sequences.get(i), "gap-free sequences after " + after + ": " + sequences);
        }
    }
}
