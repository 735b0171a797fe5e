package io.switchboard.notification;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.restassured.RestAssured;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A console that stops reading, over a real socket: the server's writes to it stop completing once the kernel
 * buffers on both sides are full (kept small here: a 4 KB send buffer on the server, 2 KB receive buffer on the
 * client, so a few dozen frames do it). Past the bound (16 queued frames here) the server drops that socket's queue
 * and owes it a snapshot instead of buffering the storm; when the console reads again it gets what the kernel held,
 * then the snapshot and what followed, and ends with the same counters and sequence as a console that kept up.
 */
@QuarkusTest
@TestProfile(SlowSocketTest.SmallBuffers.class)
class SlowSocketTest {

    private static final int EVENTS = 600;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static class SmallBuffers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.notification.push.max-queued-frames", "16",
                    "switchboard.test.http-send-buffer-size", "4096");
        }
    }

    /** Only under the profile above: every other test keeps the system's buffers. */
    @ApplicationScoped
    public static class SendBuffer implements HttpServerOptionsCustomizer {
        @ConfigProperty(name = "switchboard.test.http-send-buffer-size", defaultValue = "0")
        int size;

        @Override
        public void customizeHttpServer(HttpServerOptions options) {
            if (size > 0) {
                options.setSendBufferSize(size);
            }
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void aConsoleThatStopsReadingCostsABoundedQueueAndCatchesUpThroughASnapshot() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        String token = TestTokens.agent(tenant, "sam");
        double resyncsBefore = registry.counter("switchboard.push.resyncs").count();
        try (ConversationEventSender events = new ConversationEventSender();
                AgentSocketClient keptUp = AgentSocketClient.connect(RestAssured.port, token);
                Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(2048);
            stalled.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
            stalled.setSoTimeout(30_000);
            DataInputStream in = upgrade(stalled, token);
            await().atMost(Duration.ofSeconds(10)).until(() -> keptUp.data().size() == 1);

            // The storm, while the stalled console reads nothing: every event is one more unread chat of sam's.
            for (int i = 0; i < EVENTS; i++) {
                events.send(tenant, UUID.randomUUID().toString(), 1, "conversation.created", "OPEN", "sam", true, false);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> (EVENTS + "/0/0").equals(keptUp.shown()));
            long issued = keptUp.lastSequence();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.counter("switchboard.push.resyncs").count() > resyncsBefore);

            // Reading again: what the kernel held, then a snapshot, then the rest, ending where the other console is.
            List<JsonNode> frames = new ArrayList<>();
            JsonNode last = null;
            while (last == null || last.path("sequence").asLong() < issued) {
                JsonNode f = MAPPER.readTree(nextText(in));
                if (!"heartbeat".equals(f.path("type").asText())) {
                    frames.add(f);
                    last = f;
                }
            }
            assertEquals(issued, last.path("sequence").asLong());
            assertEquals(EVENTS, last.path("counters").path("unread").asLong(), "the same counters as the console that kept up");
            assertTrue(frames.stream().skip(1).anyMatch(f -> "snapshot".equals(f.path("type").asText())),
                    "caught up through a fresh snapshot");
            assertTrue(frames.size() < issued, "the storm was not buffered for it: " + frames.size() + " frames for "
                    + issued + " sequences");
        }
    }

    /** The WebSocket opening handshake by hand (the JDK client would read ahead into its own buffers). */
    private static DataInputStream upgrade(Socket socket, String token) throws IOException {
        String request = "GET /ws/v1/agent?access_token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
        return in;
    }

    /** The next text message (server frames are unmasked; control frames are skipped). */
    private static String nextText(DataInputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = in.readNBytes((int) length);
            int opcode = b0 & 0x0F;
            if (opcode >= 0x8) {
                continue; // ping, pong, close
            }
            text.append(new String(payload, StandardCharsets.UTF_8));
            if ((b0 & 0x80) != 0) {
                return text.toString();
            }
        }
    }
}
