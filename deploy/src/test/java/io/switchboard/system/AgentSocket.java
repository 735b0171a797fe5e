package io.switchboard.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** An agent console's socket, as a browser opens it: the token in the query string. */
final class AgentSocket implements WebSocket.Listener, AutoCloseable {

    record Frame(JsonNode json, long receivedNanos) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    AgentSocket(String baseUrl, String token, Long since) {
        String ws = baseUrl.replaceFirst("^http", "ws") + "/ws/v1/agent?access_token=" + token
                + (since == null ? "" : "&since=" + since);
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(ws), this).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(new Frame(MAPPER.readTree(partial.toString()), System.nanoTime()));
                synchronized (this) {
                    notifyAll();
                }
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    /** The first frame matching, waiting up to the deadline; null if none came. */
    synchronized Frame await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Frame f : frames) {
                if (match.test(f.json())) {
                    return f;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                wait(Math.max(1, left / 1_000_000)); // woken by onText
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    List<Frame> frames() {
        return frames;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
}
