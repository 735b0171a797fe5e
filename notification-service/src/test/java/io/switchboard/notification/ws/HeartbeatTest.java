package io.switchboard.notification.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.notification.repository.ChangeLogReader.LoggedFrame;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A heartbeat goes only to a socket that has been silent for the interval: at a steady flow of changes none is
 * sent, and ten thousand sockets that connected together do not all get one in the same instant unless all of
 * them were silent.
 */
class HeartbeatTest {

    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(20);

    @Test
    void onlyASocketSilentForTheIntervalGetsAHeartbeat() {
        List<String> written = new CopyOnWriteArrayList<>();
        WebSocketConnection connection = (WebSocketConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WebSocketConnection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText")) {
                        written.add((String) args[0]);
                        return Uni.createFrom().voidItem(); // the peer reads at once
                    }
                    return null;
                });
        PushHub hub = new SlowConsumerTest.RecordingHub();
        PushSession session = new PushSession(connection, new AgentIdentity("t", "ana", null, null, Set.of("AGENT")), 8, hub);

        session.heartbeat(System.nanoTime() + 2 * INTERVAL, INTERVAL);
        assertEquals(List.of(), written, "nothing before the session is ready (its snapshot comes first)");

        session.start(0, "{\"type\":\"snapshot\",\"sequence\":0}");
        session.heartbeat(System.nanoTime() + INTERVAL / 2, INTERVAL);
        assertEquals(1, written.size(), "the snapshot was just written: no heartbeat half an interval later");

        session.heartbeat(System.nanoTime() + INTERVAL, INTERVAL);
        assertEquals(Frame.HEARTBEAT, written.get(1), "silent for the interval: a heartbeat");

        session.deliver(new LoggedFrame(1, "{\"type\":\"counters\",\"sequence\":1}"));
        session.heartbeat(System.nanoTime() + INTERVAL / 2, INTERVAL);
        assertEquals(3, written.size(), "a frame just went out: it proves the socket alive, no heartbeat");
        session.heartbeat(System.nanoTime() + INTERVAL, INTERVAL);
        assertEquals(List.of("{\"type\":\"counters\",\"sequence\":1}", Frame.HEARTBEAT), written.subList(2, 4));
    }
}
