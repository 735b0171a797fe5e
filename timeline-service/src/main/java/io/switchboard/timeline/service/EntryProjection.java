package io.switchboard.timeline.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.contracts.EventType;
import io.switchboard.platform.messaging.EventData;
import io.switchboard.platform.messaging.IncomingEvent;
import io.switchboard.platform.security.ApiKeyReplica;
import io.switchboard.timeline.domain.EntrySummaries;
import io.switchboard.timeline.domain.TimelineEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Decides what one consumed event means for the timeline: an entry, a comment deletion, a bot-key change, or
 * nothing. Pure (no I/O), so the live consumer and the rebuild share exactly this code.
 */
@ApplicationScoped
public class EntryProjection {

    /** What to do with one event; {@code entry} is null for events that have no timeline entry. */
    public record Effect(IncomingEvent event, JsonNode data, TimelineEntry entry) {
        public boolean isCommentDeletion() {
            return EventType.TIMELINE_COMMENT_DELETED.typeName().equals(event.type());
        }

        /** The agent this event adds to the tenant's directory (mentions are checked against it), or null. */
        public String registeredAgent() {
            return EventType.AGENT_REGISTERED.typeName().equals(event.type()) ? data.path("agentId").asText(null) : null;
        }

        /** The bot key this event creates or deletes, or null. */
        public ApiKeyReplica.Change botKey() {
            return ApiKeyReplica.change(event, data);
        }
    }

    private final EventData eventData;

    public EntryProjection(EventData eventData) {
        this.eventData = eventData;
    }

    /**
     * @return null for an agent event other than a registration: the timeline has no use for it
     * @throws IncomingEvent.MalformedEventException for data that is not a JSON object (dead-lettered)
     */
    public Effect project(IncomingEvent e, long recordTimestamp) {
        if (e.type().startsWith("agent.") && !EventType.AGENT_REGISTERED.typeName().equals(e.type())) {
            return null;
        }
        JsonNode data = eventData.object(e);
        if (e.type().startsWith("agent.")) {
            return new Effect(e, data, null);
        }
        if (e.type().startsWith("bot.")) {
            // No customer: never an entry, but its key hash is replicated so bots can call this service.
            return new Effect(e, data, null);
        }
        String customerId = e.customerId() != null && !e.customerId().isBlank() ? e.customerId()
                : data.path("customerId").isTextual() ? data.path("customerId").asText() : null;
        if (customerId == null || customerId.isBlank() || customerId.length() > 64) {
            return new Effect(e, data, null);
        }
        JsonNode actor = data.path("actor");
        boolean comment = EventType.TIMELINE_NOTE_CREATED.typeName().equals(e.type())
                || EventType.TIMELINE_ORDER_NOTE_CREATED.typeName().equals(e.type());
        OffsetDateTime occurredAt = businessTime(e.type(), data);
        if (occurredAt == null) {
            occurredAt = e.time() != null ? e.time()
                    : OffsetDateTime.ofInstant(Instant.ofEpochMilli(recordTimestamp), ZoneOffset.UTC);
        }
        TimelineEntry entry = new TimelineEntry(e.id(), e.tenantId(), customerId, e.type(), e.subject(),
                e.sequence(), e.source(), occurredAt,
                text(actor, "kind", 16), text(actor, "id", 128),
                EntrySummaries.summarize(e.type(), data), e.data(), comment, // raw text: already checked to be a JSON object
                comment ? uuidOrNull(data.path("commentId").asText(null)) : null);
        return new Effect(e, data, entry);
    }

    /** Integration entries are placed at when the call or campaign happened, not when it was reported. */
    private static OffsetDateTime businessTime(String type, JsonNode data) {
        boolean integration = EventType.TIMELINE_CALL_LOGGED.typeName().equals(type)
                || EventType.TIMELINE_EMAIL_CAMPAIGN_SENT.typeName().equals(type)
                || EventType.TIMELINE_ACTIVITY_LOGGED.typeName().equals(type);
        if (!integration || !data.path("occurredAt").isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(data.path("occurredAt").asText());
        } catch (java.time.format.DateTimeParseException ex) {
            return null;
        }
    }

    private static String text(JsonNode node, String field, int max) {
        JsonNode v = node.path(field);
        if (!v.isValueNode() || v.isNull()) {
            return null;
        }
        String s = v.asText();
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static UUID uuidOrNull(String s) {
        try {
            return s == null ? null : UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
