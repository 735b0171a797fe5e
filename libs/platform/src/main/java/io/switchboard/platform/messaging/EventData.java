package io.switchboard.platform.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.contracts.EventType;
import io.switchboard.platform.input.JsonPolicy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads an event's JSON data into its catalogued record; unknown fields are ignored (additive contract). Text is read
 * as stored ({@link JsonPolicy#STORED_TEXT}): what a service published passed its input policy, or predates it.
 */
@ApplicationScoped
public class EventData {

    private final ObjectMapper mapper;

    public EventData(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public <T> T read(IncomingEvent event, Class<T> type) {
        try {
            return mapper.readerFor(type).withAttribute(JsonPolicy.STORED_TEXT, Boolean.TRUE).readValue(event.data());
        } catch (Exception e) {
            throw new IncomingEvent.MalformedEventException("cannot read " + event.type() + " " + event.id()
                    + " as " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public Record read(IncomingEvent event, EventType type) {
        return read(event, type.dataClass());
    }

    /** The data as a JSON object, for consumers that read it field by field (any type, known or not). */
    public JsonNode object(IncomingEvent event) {
        try {
            JsonNode node = event.data() == null ? null : mapper.readTree(event.data());
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("data is not a JSON object");
            }
            return node;
        } catch (Exception e) {
            throw new IncomingEvent.MalformedEventException("unreadable data of " + event.type() + " " + event.id()
                    + " at " + event.topic() + "/" + event.partition() + "@" + event.offset() + ": " + e.getMessage(), e);
        }
    }
}
