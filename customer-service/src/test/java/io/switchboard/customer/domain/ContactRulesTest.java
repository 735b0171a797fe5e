package io.switchboard.customer.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.platform.error.ProblemException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactRulesTest {

    @Test
    void phonesAreNormalisedAndTheirKeyIsDigitsOnly() {
        assertEquals("+5491155555555", ContactRules.phone("p", " +54 9 (11) 5555-5555 "));
        assertEquals("5491155555555", ContactRules.phoneKey(ContactRules.phone("p", "+5491155555555")));
        assertEquals("5491155555555", ContactRules.phoneKey(ContactRules.phone("p", "549.11.5555.5555")));
        for (String bad : List.of("12345", "+1234567890123456", "call me", "++5491155", "")) {
            assertThrows(ProblemException.class, () -> ContactRules.phone("p", bad), bad);
        }
    }

    @Test
    void emailsAreLowerCasedAndChecked() {
        assertEquals("ana@example.com", ContactRules.email("e", " Ana@Example.COM "));
        for (String bad : List.of("ana", "ana@", "@example.com", "ana@example", "a b@example.com", "a@b.c")) {
            assertThrows(ProblemException.class, () -> ContactRules.email("e", bad), bad);
        }
        assertEquals(List.of("a@example.com"), ContactRules.emails("emails", List.of("a@example.com", "A@example.com")));
    }

    @Test
    void attributesHaveLimits() {
        ContactRules.attributes("a", Map.of("plan", "pro", "utm_source", "x", "order.id", "42"));
        assertThrows(ProblemException.class, () -> ContactRules.attributes("a", Map.of("9lives", "x")));
        assertThrows(ProblemException.class, () -> ContactRules.attributes("a", Map.of("k", "v".repeat(1001))));
        assertThrows(ProblemException.class, () -> ContactRules.attributes("a", Map.of("k".repeat(65), "v")));
    }

    @Test
    void onlyKnownChannels() {
        assertEquals("whatsapp", ContactRules.channel("WhatsApp"));
        assertThrows(ProblemException.class, () -> ContactRules.channel("fax"));
        assertThrows(ProblemException.class, () -> ContactRules.channel(null));
    }
}
