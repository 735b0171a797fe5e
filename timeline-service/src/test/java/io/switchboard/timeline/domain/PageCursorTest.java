package io.switchboard.timeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.platform.error.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The timeline's opaque keyset cursor (plain unit test). */
class PageCursorTest {

    private static final UUID ID = UUID.fromString("0b6e5c3a-1f4d-4c8e-9a2b-3c4d5e6f7a8b");

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-05T10:15:30.123456Z", "2026-12-05T10:15:30Z", "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999999Z", "1900-06-01T12:00:00.000001Z"})
    void roundTripsAtMicrosecondPrecision(String at) {
        PageCursor cursor = new PageCursor(Instant.parse(at), 42, ID);
        assertEquals(cursor, PageCursor.decode(cursor.encode()));
    }

    @Test
    void keepsWhatPostgresKeepsAndDropsNanoseconds() {
        PageCursor cursor = new PageCursor(Instant.parse("2026-12-05T10:15:30.123456789Z"), 7, ID);
        assertEquals(Instant.parse("2026-12-05T10:15:30.123456Z"), PageCursor.decode(cursor.encode()).occurredAt());
    }

    @Test
    void isUrlSafeWithoutPadding() {
        String encoded = new PageCursor(Instant.parse("2026-12-05T10:15:30.5Z"), Long.MAX_VALUE, ID).encode();
        assertFalse(encoded.contains("+") || encoded.contains("/") || encoded.contains("="), encoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "djE6MTox", // "v1:1:1": too few parts
            "v2:1:1:0b6e5c3a-1f4d-4c8e-9a2b-3c4d5e6f7a8b", "v1:x:1:0b6e5c3a-1f4d-4c8e-9a2b-3c4d5e6f7a8b",
            "v1:1:1.5:0b6e5c3a-1f4d-4c8e-9a2b-3c4d5e6f7a8b", "v1:1:1:not-a-uuid", "v1:1:1:0b6e5c3a:extra"})
    void anythingItDidNotIssueIsA400(String raw) {
        // Plain values are encoded as the service would, so each case tests its content, not only the Base64.
        String cursor = raw.startsWith("v") ? Base64.getUrlEncoder().withoutPadding()
                .encodeToString(raw.getBytes(StandardCharsets.UTF_8)) : raw;
        ProblemException e = assertThrows(ProblemException.class, () -> PageCursor.decode(cursor));
        assertEquals(400, e.status());
    }
}
