package io.switchboard.notification.messaging;

import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.EventType;
import io.switchboard.contracts.TimelineEvents;
import io.switchboard.notification.service.FrameLog;
import io.switchboard.notification.service.MentionService;
import io.switchboard.notification.ws.PushHub;
import io.switchboard.platform.messaging.EventData;
import io.switchboard.platform.messaging.IncomingEvent;
import io.switchboard.platform.messaging.ProcessedEvents;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** timeline.events → mention notifications; every other timeline type is not ours and is skipped. */
@ApplicationScoped
public class TimelineEventsConsumer {

    static final String CONSUMER = "notification-mentions";

    private final ProcessedEvents processed;
    private final EventData data;
    private final MentionService mentions;
    private final PushHub hub;
    private final Pool pool;

    public TimelineEventsConsumer(ProcessedEvents processed, EventData data, MentionService mentions, PushHub hub, Pool pool) {
        this.processed = processed;
        this.pool = pool;
        this.data = data;
        this.mentions = mentions;
        this.hub = hub;
    }

    @Incoming("timeline-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return Uni.createFrom().deferred(() -> apply(record)); // failures are nacked (dead-lettered), never thrown
    }

    private Uni<Void> apply(ConsumerRecord<String, String> record) {
        IncomingEvent e = IncomingEvent.from(record);
        if (!EventType.TIMELINE_AGENT_MENTIONED.typeName().equals(e.type())) {
            return Uni.createFrom().voidItem();
        }
        TimelineEvents.AgentMentioned m = data.read(e, TimelineEvents.AgentMentioned.class);
        if (m.mentionedAgentId() == null || m.mentionedAgentId().isBlank()) {
            throw new IncomingEvent.MalformedEventException(e.type() + " " + e.id() + " names no agent", null);
        }
        return Transactions.retrying(pool, c -> processed.claimAll(c, CONSUMER, List.of(e.id()))
                        .chain(first -> !first.isEmpty() ? mentions.mentioned(c, e.tenantId(), e.id(), m)
                                : Uni.createFrom().item(List.<FrameLog.Written>of())))
                .invoke(hub::ringAll).replaceWithVoid();
    }
}
