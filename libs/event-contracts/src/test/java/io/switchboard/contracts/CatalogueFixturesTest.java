package io.switchboard.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CatalogueFixturesTest {

    /** Consumers are lenient (unknown fields ignored); the round trip itself must be exact. */
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Pattern NAME = Pattern.compile("[a-z]+\\.[a-z]+(_[a-z]+)*");

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeHasAGoldenFixtureThatRoundTrips(EventType type) throws IOException {
        JsonNode golden = read(type);
        Object data = mapper.treeToValue(golden, type.dataClass());
        JsonNode again = mapper.readTree(mapper.writeValueAsString(data));
        assertEquals(golden, again, "fixture of " + type.typeName() + " does not round-trip through " + type.dataClass());
        // Every field of the record appears in the fixture, so the fixture documents the whole shape.
        for (var component : type.dataClass().getRecordComponents()) {
            assertTrue(golden.has(component.getName()), type.typeName() + " fixture lacks " + component.getName());
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void namesFollowAggregateDotSnakePastTense(EventType type) {
        assertTrue(NAME.matcher(type.typeName()).matches(), type.typeName());
        assertEquals(type, EventType.fromTypeName(type.typeName()).orElseThrow());
        assertNotNull(type.topic());
    }

    @Test
    void unknownTypesAreEmptyNotErrors() {
        assertFalse(EventType.fromTypeName("conversation.teleported").isPresent());
        assertFalse(EventType.fromTypeName(null).isPresent());
    }

    @Test
    void consumersIgnoreUnknownFields() throws IOException {
        JsonNode golden = read(EventType.CONVERSATION_READ);
        ((com.fasterxml.jackson.databind.node.ObjectNode) golden).put("addedLater", 42);
        var read = mapper.treeToValue(golden, ConversationEvents.Read.class);
        assertEquals("0b6e5c3a-1f4d-4c8e-9a2b-3c4d5e6f7a8b", read.conversationId());
    }

    @Test
    void seedCataloguesAreCovered() {
        // What a customer's timeline must show (seed 000) and the contact-history events (seed 001): docs/ARCHITECTURE.md.
        Set<String> required = Set.of("customer.assigned", "customer.created", "conversation.chatbot_activated",
                "conversation.chatbot_deactivated", "customer.deal_created", "customer.deal_stage_changed",
                "timeline.order_note_created", "timeline.note_created", "conversation.scheduled_message_created",
                "customer.sale_created", "customer.unassigned", "customer.added_to_list",
                "conversation.status_changed", "conversation.marked_unread", "timeline.call_logged",
                "timeline.email_campaign_sent");
        Set<String> names = new HashSet<>();
        for (EventType t : EventType.values()) {
            assertTrue(names.add(t.typeName()), "duplicate " + t.typeName());
        }
        assertTrue(names.containsAll(required), "missing: " + required.stream().filter(r -> !names.contains(r)).toList());
    }

    private JsonNode read(EventType type) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(type.fixturePath())) {
            assertNotNull(in, "no fixture " + type.fixturePath());
            return mapper.readTree(in);
        }
    }
}
