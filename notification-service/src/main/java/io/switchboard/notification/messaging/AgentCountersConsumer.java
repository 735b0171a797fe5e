package io.switchboard.notification.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.contracts.CloudEventHeaders;
import io.switchboard.notification.service.FrameLog;
import io.switchboard.notification.ws.PushHub;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * agent.counters → the sockets this instance holds. Every instance reads the whole topic with a group id of its
 * own (from "now": a new socket starts from a snapshot), so an agent on any replica gets every change.
 * The record carries the frame's text: when it is the next one for every socket of the agent here, it is
 * pushed as it is; otherwise it rings the bell and the frames come from the change log (see {@link PushHub}).
 */
@ApplicationScoped
public class AgentCountersConsumer {

    private final PushHub hub;
    private final ObjectMapper mapper;

    public AgentCountersConsumer(PushHub hub, ObjectMapper mapper) {
        this.hub = hub;
        this.mapper = mapper;
    }

    @Incoming("agent-counters")
    public void ring(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            ring(record);
        }
    }

    private void ring(ConsumerRecord<String, String> record) {
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
        long seq;
        try {
            seq = Long.parseLong(sequence);
        } catch (NumberFormatException e) {
            return; // unreadable sequence: the periodic sweep still brings the agent's sockets up to date
        }
        if (hub.lacks(tenant, agentId, seq)) { // the frame is read only when some socket here needs it
            hub.ring(tenant, agentId, seq, frame(record.value()));
        }
    }

    /** The frame's text, or null (an older record without it, or unreadable): then the log is read. */
    private String frame(String value) {
        try {
            JsonNode frame = value == null ? null : mapper.readTree(value).get("frame");
            return frame == null || !frame.isTextual() ? null : frame.asText();
        } catch (Exception e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
