package io.switchboard.timeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.contracts.EventType;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The one-line text of each timeline entry (plain unit test). */
class EntrySummariesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # type                             | data (JSON)                                                              | summary
              conversation.message_created     | {"direction": "INCOMING"}                                                | Message from the customer
              conversation.message_created     | {"direction": "OUTGOING", "actor": {"kind": "AGENT", "id": "ana"}}       | Reply by AGENT ana
              conversation.message_created     | {"direction": "SYSTEM"}                                                  | System message
              conversation.status_changed      | {"status": {"from": "OPEN", "to": "RESOLVED"}}                           | Conversation status OPEN → RESOLVED
              conversation.assigned            | {"assignee": {"from": null, "to": "ana"}}                                | Conversation assigned — → ana
              conversation.read                | {"actor": {"kind": "SYSTEM", "id": null}}                                | Conversation read by SYSTEM
              conversation.read                | {}                                                                       | Conversation read by —
              customer.created                 | {"origin": {"entryMethod": "CHATBOT"}}                                   | Customer created via CHATBOT
              customer.created                 | {"origin": {}}                                                           | Customer created
              customer.updated                 | {"changes": {"displayName": {}, "emails": {}}}                           | Customer updated: displayName, emails
              customer.assigned                | {"assignee": {"from": null, "to": "ana"}}                                | Customer assigned — → ana
              customer.assigned                | {"assignee": {"from": "ana", "to": "bob"}}                               | Customer reassigned ana → bob
              customer.sale_created            | {"amount": 1500.5, "currency": "ARS"}                                    | Sale of 1500.5 ARS
              timeline.call_logged             | {"direction": "INCOMING", "durationSeconds": 42}                         | Incoming call (42 s)
              timeline.call_logged             | {"direction": "OUTGOING"}                                                | Outgoing call
              timeline.call_logged             | {"direction": "MISSED", "durationSeconds": 0}                            | Missed call
              timeline.activity_logged         | {"title": "Visited pricing page", "kind": "web"}                         | Visited pricing page
              timeline.activity_logged         | {"kind": "web"}                                                          | Activity web
              crm.lead_scored                  | {"score": 7}                                                             | Event crm.lead_scored
            """)
    void summaries(String type, String data, String expected) throws IOException {
        assertEquals(expected, EntrySummaries.summarize(type, JSON.readTree(data)));
    }

    @Test
    void longSummariesAreCutTo500CharactersWithAnEllipsis() throws IOException {
        String title = "x".repeat(600);
        String summary = EntrySummaries.summarize("timeline.activity_logged", JSON.readTree("{\"title\": \"" + title + "\"}"));
        assertEquals(500, summary.length());
        assertTrue(summary.endsWith("…"));
        String exact = "y".repeat(500);
        assertEquals(exact, EntrySummaries.summarize("timeline.activity_logged", JSON.readTree("{\"title\": \"" + exact + "\"}")));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyCataloguedTypeHasItsOwnLineForItsGoldenFixture(EventType type) throws IOException {
        JsonNode fixture;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(type.fixturePath())) {
            assertNotNull(in, type.fixturePath());
            fixture = JSON.readTree(in);
        }
        String summary = EntrySummaries.summarize(type.typeName(), fixture);
        assertFalse(summary.isBlank());
        assertFalse(summary.equals("Event " + type.typeName()), "catalogued types are not summarised generically");
        assertTrue(summary.length() <= 500);
    }
}
