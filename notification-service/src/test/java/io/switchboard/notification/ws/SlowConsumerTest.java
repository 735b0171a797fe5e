package io.switchboard.notification.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.switchboard.notification.repository.ChangeLogReader.LoggedFrame;
import jakarta.enterprise.inject.Vetoed;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A console that stops reading must not grow the server's memory: its socket never finishes a write, frames pile
 * up to the bound, and then the queue is dropped and the session starts over from a snapshot. Unit level: the
 * stalled peer is a connection whose writes never complete, which a real socket only reaches after the kernel
 * buffers on both sides are full (tens of thousands of frames with the system's buffers; SlowSocketTest shrinks
 * them to stall a real socket).
 */
class SlowConsumerTest {

    private static final int BOUND = 8;

    /**
     * A hub that records resyncs instead of reading a snapshot from the database. Vetoed: it would inherit the
     * hub's bean scope and make the service tests' PushHub ambiguous.
     */
    @Vetoed
    static final class RecordingHub extends PushHub {
        final List<PushSession> resynced = new ArrayList<>();

        RecordingHub() {
            super(null, null, PushConfig.of(BOUND), null, new SimpleMeterRegistry());
        }

        @Override
        void resync(PushSession session) {
            resynced.add(session);
        }
    }

    @Test
    void aStalledSocketHoldsAtMostTheBoundAndIsResyncedNotBuffered() {
        AtomicInteger writes = new AtomicInteger();
        WebSocketConnection stalled = (WebSocketConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WebSocketConnection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText")) {
                        writes.incrementAndGet();
                        return Uni.createFrom().emitter(e -> { }); // the peer never reads: never completes
                    }
                    return null;
                });
        RecordingHub hub = new RecordingHub();
        PushSession session = new PushSession(stalled,
                new AgentIdentity("t", "ana", null, null, Set.of("AGENT")), BOUND, hub);

        session.start(0, "{\"type\":\"snapshot\",\"sequence\":0}");
        for (long seq = 1; seq <= BOUND; seq++) {
            session.deliver(new LoggedFrame(seq, "{\"type\":\"counters\",\"sequence\":" + seq + "}"));
        }
        assertEquals(1, writes.get(), "one write in flight, the rest queued");
        assertEquals(0, hub.resynced.size(), "up to the bound a slow socket only queues");

        session.deliver(new LoggedFrame(BOUND + 1, "{\"type\":\"counters\",\"sequence\":" + (BOUND + 1) + "}"));
        assertEquals(List.of(session), hub.resynced, "past the bound: the queue is dropped for a fresh snapshot");
        assertEquals(PushSession.NOT_READY, session.lastSent(), "and nothing more is queued until that snapshot");
        for (long seq = BOUND + 2; seq <= 10_000; seq++) {
            session.deliver(new LoggedFrame(seq, "{}")); // a storm while it waits: ignored, not buffered
        }
        assertEquals(1, hub.resynced.size());
        assertEquals(1, writes.get());
    }
}
