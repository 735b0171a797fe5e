package io.switchboard.notification.ws;

import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.notification.repository.ChangeLogReader.LoggedFrame;
import java.util.ArrayDeque;

/**
 * One open agent socket: the last sequence handed to it and a bounded queue of frames not yet written.
 * Frames are written one at a time; a client that reads too slowly fills the queue, which is then dropped
 * and replaced by a fresh snapshot, so a slow consumer never grows memory without bound.
 */
final class PushSession {

    /** lastSent while the session waits for its snapshot or replay decision. */
    static final long NOT_READY = -1;

    final WebSocketConnection connection;
    final AgentIdentity agent;
    final String key;
    private final int maxQueued;
    private final PushHub hub;

    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private long lastSent = NOT_READY;
    private boolean writing;
    /** When the last write completed (System.nanoTime()): heartbeats go only to a socket silent for a while. */
    private long lastWrite = System.nanoTime();

    PushSession(WebSocketConnection connection, AgentIdentity agent, int maxQueued, PushHub hub) {
        this.connection = connection;
        this.agent = agent;
        this.key = PushHub.key(agent.tenantId(), agent.agentId());
        this.maxQueued = maxQueued;
        this.hub = hub;
    }

    synchronized long lastSent() {
        return lastSent;
    }

    /** Ready from {@code sequence} on; {@code first} (a snapshot) is sent before anything else. */
    void start(long sequence, String first) {
        synchronized (this) {
            queue.clear();
            if (first != null) {
                queue.add(first);
            }
            lastSent = sequence;
        }
        drain();
    }

    /** Frames come in sequence order from the change log; anything but the next one means a snapshot. */
    void deliver(LoggedFrame frame) {
        boolean resync = false;
        synchronized (this) {
            if (lastSent == NOT_READY || frame.sequence() <= lastSent) {
                return;
            }
            if (frame.sequence() != lastSent + 1 || queue.size() >= maxQueued) {
                queue.clear();
                lastSent = NOT_READY;
                resync = true;
            } else {
                lastSent = frame.sequence();
                queue.add(frame.text());
            }
        }
        if (resync) {
            hub.resync(this);
        } else {
            drain();
        }
    }

    /**
     * Only a socket silent for {@code interval} needs a heartbeat; one that received anything since proves itself
     * alive. So at a steady flow of changes no heartbeat is sent at all, and the ones sent are spread over time.
     */
    void heartbeat(long now, long interval) {
        synchronized (this) {
            if (writing || !queue.isEmpty() || lastSent == NOT_READY || now - lastWrite < interval) {
                return;
            }
            queue.add(Frame.HEARTBEAT);
        }
        drain();
    }

    private void drain() {
        String next;
        synchronized (this) {
            if (writing || queue.isEmpty()) {
                return;
            }
            writing = true;
            next = queue.poll();
        }
        connection.sendText(next).subscribe().with(ok -> {
            synchronized (this) {
                writing = false;
                lastWrite = System.nanoTime();
            }
            hub.sent();
            drain();
        }, failure -> {
            synchronized (this) {
                writing = false;
                queue.clear(); // the socket is going away; @OnClose unregisters it
            }
        });
    }
}
