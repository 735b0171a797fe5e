package io.switchboard.platform.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.contracts.EventType;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads an event's JSON data into its catalogued record; unknown fields are ignored (additive contract). */
@ApplicationScoped
public class EventData {

    private final ObjectMapper mapper;

    public EventData(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public <T> T read(IncomingEvent event, Class<T> type) {
        try {
            return mapper.readValue(event.data(), type);
        } catch (Exception e) {
            throw new IncomingEvent.MalformedEventException("cannot read " + event.type() + " " + event.id()
                    + " as " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public Record read(IncomingEvent event, EventType type) {
        return read(event, type.dataClass());
    }
}
