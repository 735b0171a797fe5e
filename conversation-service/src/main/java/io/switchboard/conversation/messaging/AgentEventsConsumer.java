package io.switchboard.conversation.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.AgentEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.conversation.service.AutoAssigner;
import io.switchboard.platform.messaging.EventData;
import io.switchboard.platform.messaging.IncomingEvent;
import io.switchboard.platform.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps agent_availability (the agents auto-assignment may pick) from notification-service's agent.events, and
 * drains the tenant's unassigned queue when an agent comes ONLINE. Idempotent: the event id is claimed in the
 * same transaction, and an agent's row takes only a newer sequence. Other types are ignored; unreadable records
 * fail and go to the dead-letter topic.
 */
@ApplicationScoped
public class AgentEventsConsumer {

    static final String CONSUMER = "conversation-service.agent-availability";
    private static final Logger LOG = Logger.getLogger(AgentEventsConsumer.class);

    private static final String UPSERT = """
            INSERT INTO agent_availability (tenant_id, agent_id, availability, event_sequence, updated_at)
            VALUES (:tenant, :agent, :availability, :sequence, now())
            ON CONFLICT (tenant_id, agent_id) DO UPDATE
               SET availability = excluded.availability, event_sequence = excluded.event_sequence, updated_at = now()
             WHERE agent_availability.event_sequence < excluded.event_sequence""";
    private static final String REGISTER = """
            INSERT INTO agent_availability (tenant_id, agent_id, availability, event_sequence, updated_at)
            VALUES (:tenant, :agent, 'OFFLINE', 0, now())
            ON CONFLICT (tenant_id, agent_id) DO NOTHING""";

    private final ProcessedEvents processed;
    private final EventData eventData;
    private final AutoAssigner autoAssigner;

    public AgentEventsConsumer(ProcessedEvents processed, EventData eventData, AutoAssigner autoAssigner) {
        this.processed = processed;
        this.eventData = eventData;
        this.autoAssigner = autoAssigner;
    }

    @Incoming("agent-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        IncomingEvent e = IncomingEvent.from(record);
        Optional<EventType> type = e.knownType()
                .filter(t -> t == EventType.AGENT_AVAILABILITY_CHANGED || t == EventType.AGENT_REGISTERED);
        if (type.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Record data = eventData.read(e, type.get());
        return Panache.withTransaction(() -> processed.claim(CONSUMER, e.id())
                .chain(first -> first ? apply(e, data) : Uni.createFrom().voidItem()));
    }

    private Uni<Void> apply(IncomingEvent e, Record data) {
        // The settings lock comes first, as in every assignment decision (see AutoAssigner's lock order).
        return autoAssigner.lockSettings(e.tenantId()).chain(settings -> {
            if (data instanceof AgentEvents.Registered r) {
                return write(REGISTER, e, r.agentId(), null).replaceWithVoid();
            }
            AgentEvents.AvailabilityChanged a = (AgentEvents.AvailabilityChanged) data;
            String availability = a.availability() == null ? null : a.availability().to();
            if (availability == null) {
                return Uni.createFrom().voidItem();
            }
            return write(UPSERT, e, a.agentId(), availability).chain(changed -> changed > 0 && "ONLINE".equals(availability)
                    && settings.isPresent()
                    ? autoAssigner.drain(e.tenantId(), settings.get())
                            .invoke(n -> LOG.debugf("agent %s online: %d queued conversations assigned", a.agentId(), n))
                            .replaceWithVoid()
                    : Uni.createFrom().voidItem());
        });
    }

    private Uni<Integer> write(String sql, IncomingEvent e, String agentId, String availability) {
        return Panache.getSession().chain(s -> {
            var q = s.createNativeQuery(sql).setParameter("tenant", e.tenantId()).setParameter("agent", agentId);
            if (availability != null) {
                q.setParameter("availability", availability).setParameter("sequence", e.sequence());
            }
            return q.executeUpdate();
        });
    }
}
