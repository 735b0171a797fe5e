package io.switchboard.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.AgentEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.notification.domain.Counters;
import io.switchboard.notification.repository.CounterRepository;
import io.switchboard.notification.ws.Frame;
import io.switchboard.platform.outbox.Outbox;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way a frame for an agent comes to exist: it is written to the change log (for resume) and announced
 * through the outbox on the compacted agent.counters topic (key tenant/agent, the frame's text in the record),
 * in the caller's transaction (on its connection). Every replica reads that topic and pushes the frame to the
 * sockets it holds; the frames written are also returned, so the replica that wrote them can push them to its own
 * sockets as soon as the transaction commits, without waiting for the relay and the topic.
 */
@ApplicationScoped
public class FrameLog {

    /** Key suffix of the tenant-level record (the unassigned queue) on agent.counters. */
    public static final String TENANT_RECORD = "*";

    private final CounterRepository counters;
    private final Outbox outbox;
    private final ObjectMapper mapper;

    public FrameLog(CounterRepository counters, Outbox outbox, ObjectMapper mapper) {
        this.counters = counters;
        this.outbox = outbox;
        this.mapper = mapper;
    }

    public static String key(String tenant, String agentId) {
        return tenant + "/" + agentId;
    }

    /** A frame for one agent, with the agent's counters as of its sequence. */
    public record AgentFrame(String agentId, Frame frame, Counters counters, String causeType) {
    }

    /** A frame as written: what a socket of the agent receives once the transaction has committed. */
    public record Written(String tenant, String agentId, long sequence, String text) {
    }

    /** Logs and announces one frame; {@code counters} are the agent's counters as of this sequence. */
    public Uni<List<Written>> append(SqlConnection connection, String tenant, String agentId, Frame frame, Counters now,
            String causeType) {
        return appendAll(connection, tenant, List.of(new AgentFrame(agentId, frame, now, causeType)));
    }

    /** Logs and announces frames of a tenant's agents: one statement for the log, one for the outbox, sent together. */
    public Uni<List<Written>> appendAll(SqlConnection connection, String tenant, List<AgentFrame> agentFrames) {
        List<CounterRepository.LoggedChange> logged = new ArrayList<>(agentFrames.size());
        List<Outbox.Pending> announced = new ArrayList<>(agentFrames.size());
        List<Written> written = new ArrayList<>(agentFrames.size());
        for (AgentFrame f : agentFrames) {
            long sequence = f.frame().sequence();
            String text = json(f.frame());
            written.add(new Written(tenant, f.agentId(), sequence, text));
            logged.add(new CounterRepository.LoggedChange(f.agentId(), sequence, text));
            announced.add(new Outbox.Pending(EventType.AGENT_COUNTERS_CHANGED, tenant, key(tenant, f.agentId()), null,
                    sequence, new AgentEvents.CountersChanged(tenant, f.agentId(), sequence, f.counters().unread(),
                            f.counters().openActivities(), f.counters().unassigned(), f.causeType(), text)));
        }
        return Uni.combine().all().unis(counters.log(connection, tenant, logged), outbox.appendAll(connection, announced))
                .with((l, a) -> written);
    }

    /** The tenant-level record: the unassigned queue for dashboards; no socket receives it. */
    public Uni<Void> appendTenant(SqlConnection connection, String tenant, CounterRepository.TenantRow row, String causeType) {
        return outbox.append(connection, new Outbox.Pending(EventType.AGENT_COUNTERS_CHANGED, tenant, key(tenant, TENANT_RECORD),
                null, row.sequence(), new AgentEvents.CountersChanged(tenant, TENANT_RECORD, row.sequence(), 0, 0,
                        row.unassigned(), causeType, null)))
                .replaceWithVoid();
    }

    public String json(Object frame) {
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("frame not serialisable", e);
        }
    }
}
