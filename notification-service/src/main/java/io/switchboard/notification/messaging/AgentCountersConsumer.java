package io.switchboard.notification.messaging;

import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.notification.service.FrameLog;
import io.switchboard.notification.ws.PushHub;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * agent.counters → the sockets this instance holds. Every instance reads the whole topic with a group id of its
 * own (from "now": a new socket starts from a snapshot), so an agent on any replica gets every change.
 * The record only rings the bell; the frames come from the change log (see {@link PushHub}).
 */
@ApplicationScoped
public class AgentCountersConsumer {

    private final PushHub hub;

    public AgentCountersConsumer(PushHub hub) {
        this.hub = hub;
    }

    @Incoming("agent-counters")
    public void ring(ConsumerRecord<String, String> record) {
        String tenant = header(record, CloudEventHeaders.TENANT_ID);
        String sequence = header(record, CloudEventHeaders.SEQUENCE);
        String key = record.key();
        if (tenant == null || sequence == null || key == null || !key.startsWith(tenant + "/")) {
            return; // not a record we wrote; nothing to push
        }
        String agentId = key.substring(tenant.length() + 1);
        if (FrameLog.TENANT_RECORD.equals(agentId)) {
            return;
        }
        try {
            hub.ring(tenant, agentId, Long.parseLong(sequence));
        } catch (NumberFormatException e) {
            // unreadable sequence: the periodic sweep still brings the agent's sockets up to date
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
