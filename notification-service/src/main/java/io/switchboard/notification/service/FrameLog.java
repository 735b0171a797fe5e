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
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one way a frame for an agent comes to exist: it is written to the change log (for resume) and announced
 * through the outbox on the compacted agent.counters topic (key tenant/agent), in the caller's transaction.
 * Every replica reads that topic and pushes the logged frame to the sockets it holds.
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

    /** Logs and announces one frame; {@code counters} are the agent's counters as of this sequence. */
    public Uni<Void> append(String tenant, String agentId, Frame frame, Counters now, String causeType) {
        String text = json(frame);
        long sequence = frame.sequence();
        return counters.log(tenant, agentId, sequence, text)
                .chain(() -> outbox.append(EventType.AGENT_COUNTERS_CHANGED, tenant, key(tenant, agentId), null, sequence,
                        new AgentEvents.CountersChanged(tenant, agentId, sequence, now.unread(), now.openActivities(),
                                now.unassigned(), causeType)))
                .replaceWithVoid();
    }

    /** The tenant-level record: the unassigned queue for dashboards; no socket receives it. */
    public Uni<Void> appendTenant(String tenant, CounterRepository.TenantRow row, String causeType) {
        return outbox.append(EventType.AGENT_COUNTERS_CHANGED, tenant, key(tenant, TENANT_RECORD), null, row.sequence(),
                new AgentEvents.CountersChanged(tenant, TENANT_RECORD, row.sequence(), 0, 0, row.unassigned(), causeType))
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
