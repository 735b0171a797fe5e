package io.switchboard.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** An agent console on the real socket (the JDK's WebSocket client): records every frame it receives. */
final class AgentSocketClient implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private AgentSocketClient(int port, String token, Long since) throws Exception {
        String uri = "ws://127.0.0.1:" + port + "/ws/v1/agent?access_token=" + token + (since == null ? "" : "&since=" + since);
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(uri), this).get(10, TimeUnit.SECONDS);
    }

    static AgentSocketClient connect(int port, String token) throws Exception {
        return new AgentSocketClient(port, token, null);
    }

    static AgentSocketClient resume(int port, String token, long since) throws Exception {
        return new AgentSocketClient(port, token, since);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(MAPPER.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    /** Frames other than heartbeats, in arrival order. */
    List<JsonNode> data() {
        return frames.stream().filter(f -> !"heartbeat".equals(f.path("type").asText())).toList();
    }

    /** The newest counters this console shows (from a snapshot or a counters frame). */
    JsonNode counters() {
        JsonNode last = null;
        for (JsonNode f : data()) {
            if (f.has("counters")) {
                last = f.get("counters");
            }
        }
        return last;
    }

    long lastSequence() {
        List<JsonNode> d = data();
        return d.isEmpty() ? -1 : d.get(d.size() - 1).path("sequence").asLong();
    }

    /** "unread/openActivities/unassigned" of the newest counters, for readable assertions. */
    String shown() {
        JsonNode c = counters();
        return c == null ? "none" : c.path("unread").asLong() + "/" + c.path("openActivities").asLong() + "/"
                + c.path("unassigned").asLong();
    }

    /** The close code the server sent, or -1 while open. */
    volatile int closeCode = -1;
    volatile String closeReason;

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeReason = reason;
        closeCode = statusCode;
        return null;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(x -> null).join();
        socket.abort();
    }
}
