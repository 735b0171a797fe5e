package io.switchboard.timeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who a comment notifies (plain unit test). */
class MentionsTest {

    @ParameterizedTest(name = "\"{0}\" mentions [{1}]")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # comment text                                  | agents mentioned, in order (empty = nobody)
              Hola @agent-ana, can you call?                | agent-ana
              @bob please                                   | bob
              (@bob) and @carol.                            | bob carol
              thanks @ana-                                  | ana
              ask @team.lead_1...                           | team.lead_1
              write to juan@example.com                     |
              x@bob is not a mention either                 |
              an @ alone, @-dash, @.dot                     |
              @bob and @bob again                           | bob
              -                                             |
            """)
    void handlesInTheText(String text, String expected) {
        assertEquals(list(expected), List.copyOf(Mentions.of(text, null, "someone-else")));
    }

    @Test
    void explicitIdsComeFirstTrimmedAndBlanksIgnored() {
        assertEquals(List.of("ana", "bob", "carol"),
                List.copyOf(Mentions.of("and @carol and @ana", List.of(" ana ", "", "  ", "bob"), "author")));
    }

    @Test
    void theAuthorIsNeverNotifiedOfThemself() {
        assertEquals(Set.of("bob"), Mentions.of("note to self @ana, cc @bob", List.of("ana"), "ana"));
    }

    @Test
    void aHandleIsAtMost128Characters() {
        String longest = "a".repeat(128);
        assertEquals(Set.of(longest), Mentions.of("@" + longest + "b", null, "x"));
    }

    private static List<String> list(String spaceSeparated) {
        return spaceSeparated == null ? List.of() : Arrays.asList(spaceSeparated.trim().split("\\s+"));
    }
}
