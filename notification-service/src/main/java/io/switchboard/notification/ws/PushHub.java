package io.switchboard.notification.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.notification.config.NotificationConfig;
import io.switchboard.notification.repository.ChangeLogReader;
import io.switchboard.notification.repository.ChangeLogReader.LoggedFrame;
import io.switchboard.notification.service.FrameLog;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * The sockets this instance holds, by agent. The agent.counters topic rings the bell for an agent with the new
 * frame (and so does this replica's own counter consumer, as soon as it has committed the frame; whichever rings
 * second finds the frame already sent and does nothing): when it is the next one for every socket of the agent,
 * it is pushed as it is; otherwise the hub reads the frames after the oldest sequence its sockets have from the
 * change log and hands them out in order.
 * Reading the log on any gap keeps every socket gap-free whatever Kafka compacts or a rebalance skips;
 * a periodic comparison with the database catches a bell that never rang.
 */
@ApplicationScoped
public class PushHub {

    private static final Logger LOG = Logger.getLogger(PushHub.class);
    private static final int SWEEP_CHUNK = 1000;

    /** The sockets of one agent on this instance, and whether a log read for them is under way. */
    static final class AgentLine {
        final String tenant;
        final String agentId;
        final List<PushSession> sessions = new CopyOnWriteArrayList<>();
        private boolean fetching;
        private boolean again;

        AgentLine(String tenant, String agentId) {
            this.tenant = tenant;
            this.agentId = agentId;
        }

        long oldestReady() {
            long min = Long.MAX_VALUE;
            for (PushSession s : sessions) {
                long last = s.lastSent();
                if (last != PushSession.NOT_READY) {
                    min = Math.min(min, last);
                }
            }
            return min;
        }
    }

    private final Map<String, AgentLine> lines = new ConcurrentHashMap<>();
    private final ChangeLogReader reader;
    private final FrameLog frames;
    private final NotificationConfig.Push config;
    private final Vertx vertx;
    private final Counter pushed;
    private final Counter snapshots;
    private final List<Long> timers = new ArrayList<>();
    private volatile boolean sweeping;

    public PushHub(ChangeLogReader reader, FrameLog frames, NotificationConfig config, Vertx vertx, MeterRegistry registry) {
        this.reader = reader;
        this.frames = frames;
        this.config = config.push();
        this.vertx = vertx;
        this.pushed = registry.counter("switchboard.push.frames");
        this.snapshots = registry.counter("switchboard.push.resyncs");
        registry.gaugeMapSize("switchboard.push.agents", List.of(), lines);
    }

    static String key(String tenant, String agentId) {
        return FrameLog.key(tenant, agentId);
    }

    void start(@Observes StartupEvent ignored) {
        // Checked ten times per interval, so each silent socket's heartbeat leaves within a tenth of it.
        timers.add(vertx.setPeriodic(Math.max(100, config.heartbeatInterval().toMillis() / 10), id -> heartbeat()));
        timers.add(vertx.setPeriodic(config.resyncInterval().toMillis(), id -> sweep()));
    }

    void stop(@Observes ShutdownEvent ignored) {
        timers.forEach(vertx::cancelTimer);
    }

    int sessionCount() {
        return lines.values().stream().mapToInt(l -> l.sessions.size()).sum();
    }

    /**
     * Takes a new socket in unless its agent already holds {@code push.max-sockets-per-agent} here (then false, and
     * nothing is kept). Counted and added in one step, so sockets opening at once cannot overshoot. Until
     * {@link #open} it receives nothing (not ready).
     */
    boolean admit(PushSession session) {
        boolean[] admitted = {false};
        lines.compute(session.key, (k, l) -> {
            AgentLine target = l != null ? l : new AgentLine(session.agent.tenantId(), session.agent.agentId());
            if (target.sessions.size() < config.maxSocketsPerAgent()) {
                target.sessions.add(session);
                admitted[0] = true;
            }
            return target.sessions.isEmpty() ? null : target;
        });
        return admitted[0];
    }

    /**
     * An admitted socket starts: a snapshot, or (with {@code since}) exactly the frames after it when the log still
     * has them.
     */
    void open(PushSession session, Long since) {
        AgentLine line = lines.get(session.key);
        if (line == null || !line.sessions.contains(session)) {
            return; // closed while it was starting
        }
        Uni<Void> begin = since == null ? sendSnapshot(session) : resume(session, since);
        begin.subscribe().with(ok -> pump(line), failure -> {
            LOG.warnf("cannot start the session of %s: %s", session.key, failure.toString());
            session.connection.close().subscribe().with(x -> { }, x -> { });
        });
    }

    void close(PushSession session) {
        lines.computeIfPresent(session.key, (k, l) -> {
            l.sessions.remove(session);
            return l.sessions.isEmpty() ? null : l;
        });
    }

    /**
     * The bell: {@code sequence} of the agent's newest frame is committed. With its text ({@code frame}), a frame
     * that is the next one for every ready socket of the agent is pushed as it is; anything else (a gap, a log
     * read under way) reads the log.
     */
    public void ring(String tenant, String agentId, long sequence, String frame) {
        AgentLine line = lines.get(key(tenant, agentId));
        if (!behind(line, sequence)) {
            return;
        }
        if (frame != null && pushDirectly(line, new LoggedFrame(sequence, frame))) {
            return;
        }
        pump(line);
    }

    /**
     * Whether a socket of the agent here still lacks {@code sequence}: most records on the topic are frames this
     * replica pushed when it committed them, or for agents it holds no socket of.
     */
    public boolean lacks(String tenant, String agentId, long sequence) {
        return behind(lines.get(key(tenant, agentId)), sequence);
    }

    private static boolean behind(AgentLine line, long sequence) {
        // Sessions still starting read the log themselves once their snapshot or replay point is set.
        return line != null && line.oldestReady() < sequence;
    }

    /** Frames this replica has just committed: pushed to its own sockets without waiting for the topic. */
    public void ringAll(List<FrameLog.Written> written) {
        for (FrameLog.Written w : written) {
            ring(w.tenant(), w.agentId(), w.sequence(), w.text());
        }
    }

    private boolean pushDirectly(AgentLine line, LoggedFrame frame) {
        synchronized (line) { // a log read delivers only while fetching is set, and that flag changes under this lock
            if (line.fetching) {
                return false;
            }
            for (PushSession s : line.sessions) {
                long last = s.lastSent();
                if (last != PushSession.NOT_READY && last != frame.sequence() - 1) {
                    return false;
                }
            }
            for (PushSession s : line.sessions) {
                s.deliver(frame);
            }
            return true;
        }
    }

    /** A slow or gapped session starts over from a fresh snapshot. */
    void resync(PushSession session) {
        snapshots.increment();
        AgentLine line = lines.get(session.key);
        sendSnapshot(session).subscribe().with(ok -> {
            if (line != null) {
                pump(line);
            }
        }, failure -> session.connection.close().subscribe().with(x -> { }, x -> { }));
    }

    void sent() {
        pushed.increment();
    }

    private Uni<Void> sendSnapshot(PushSession session) {
        return reader.snapshot(session.agent.tenantId(), session.agent.agentId())
                .invoke(s -> session.start(s.sequence(), frames.json(Frame.snapshot(s.sequence(), s.counters()))))
                .replaceWithVoid();
    }

    private Uni<Void> resume(PushSession session, long since) {
        return reader.resumePoint(session.agent.tenantId(), session.agent.agentId()).chain(p -> {
            boolean complete = since == p.current()
                    || since < p.current() && p.oldestKept() != null && p.oldestKept() <= since + 1;
            if (!complete) {
                return sendSnapshot(session); // older than what is kept, or a sequence we never issued
            }
            session.start(since, null);
            return Uni.createFrom().voidItem();
        });
    }

    /** One log read at a time per agent; a bell during a read makes it read once more. */
    private void pump(AgentLine line) {
        synchronized (line) {
            if (line.fetching) {
                line.again = true;
                return;
            }
            line.fetching = true;
        }
        fetch(line);
    }

    private void fetch(AgentLine line) {
        long from = line.oldestReady();
        if (from == Long.MAX_VALUE) {
            finish(line);
            return;
        }
        reader.framesAfter(line.tenant, line.agentId, from, config.fetchBatch()).subscribe().with(batch -> {
            for (LoggedFrame f : batch) {
                for (PushSession s : line.sessions) {
                    s.deliver(f);
                }
            }
            if (batch.size() == config.fetchBatch()) {
                fetch(line);
            } else {
                finish(line);
            }
        }, failure -> {
            LOG.warnf("cannot read the change log of %s/%s: %s", line.tenant, line.agentId, failure.toString());
            finish(line);
        });
    }

    private void finish(AgentLine line) {
        synchronized (line) {
            if (!line.again) {
                line.fetching = false;
                return;
            }
            line.again = false;
        }
        fetch(line);
    }

    private void heartbeat() {
        long now = System.nanoTime();
        long interval = config.heartbeatInterval().toNanos();
        lines.values().forEach(l -> l.sessions.forEach(s -> s.heartbeat(now, interval)));
    }

    /**
     * Compares held sockets with the agents' sequences in the database, a chunk at a time, and rings where behind.
     * One after another: fired together, the chunks' queries take the database's cores and most of the pool at once
     * every interval, and the counter transactions wait behind them.
     */
    private void sweep() {
        if (sweeping) {
            return; // the previous sweep is still going (a slow database): it covers this interval too
        }
        sweeping = true;
        List<AgentLine> held = new ArrayList<>(lines.values());
        Multi.createFrom().range(0, (held.size() + SWEEP_CHUNK - 1) / SWEEP_CHUNK)
                .map(i -> held.subList(i * SWEEP_CHUNK, Math.min(held.size(), (i + 1) * SWEEP_CHUNK)))
                .onItem().transformToUniAndConcatenate(chunk -> reader.sequences(
                        chunk.stream().map(l -> l.tenant).toList(), chunk.stream().map(l -> l.agentId).toList())
                        .invoke(current -> current.forEach((k, seq) -> {
                            AgentLine line = lines.get(k);
                            if (line != null) {
                                ring(line.tenant, line.agentId, seq, null);
                            }
                        })))
                .collect().last()
                .onTermination().invoke(() -> sweeping = false)
                .subscribe().with(ok -> { }, failure -> LOG.debugf("push sweep failed: %s", failure.toString()));
    }
}
