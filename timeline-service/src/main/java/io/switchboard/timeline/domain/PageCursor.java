package io.switchboard.timeline.domain;

import io.switchboard.platform.error.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Keyset position in a newest-first timeline: the last entry's (occurred_at, sequence, id). Opaque to clients;
 * microsecond precision because that is what PostgreSQL keeps.
 */
public record PageCursor(Instant occurredAt, long sequence, UUID id) {

    public String encode() {
        long micros = occurredAt.getEpochSecond() * 1_000_000L + occurredAt.getNano() / 1_000;
        String raw = "v1:" + micros + ":" + sequence + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor decode(String cursor) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (p.length != 4 || !"v1".equals(p[0])) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            long micros = Long.parseLong(p[1]);
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new PageCursor(at, Long.parseLong(p[2]), UUID.fromString(p[3]));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "not a cursor this service issued");
        }
    }
}
