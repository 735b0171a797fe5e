package io.switchboard.notification.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The resume log keeps at most the per-agent maximum (1,000) and nothing older than the retention (24 h). */
@QuarkusTest
class ChangeLogTrimmerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ChangeLogTrimmer trimmer;

    @Inject
    Pool pool;

    @Test
    void keepsTheNewestFramesUpToTheCapAndNothingOlderThanTheRetention() {
        String tenant = "t-" + UUID.randomUUID();
        // heavy: 1,005 frames, the five oldest beyond the cap; light: 3 frames, the first from two days ago.
        pool.preparedQuery("""
                INSERT INTO agent_counters (tenant_id, agent_id, sequence) VALUES ($1, 'heavy', 1005), ($1, 'light', 3)""")
                .execute(Tuple.of(tenant)).await().atMost(WAIT);
        pool.preparedQuery("""
                INSERT INTO agent_counter_changes (tenant_id, agent_id, sequence, frame, created_at)
                SELECT $1, 'heavy', s, '{}', now() FROM generate_series(1, 1005) s
                UNION ALL
                SELECT $1, 'light', s, '{}', CASE WHEN s = 1 THEN now() - interval '2 days' ELSE now() END
                  FROM generate_series(1, 3) s""").execute(Tuple.of(tenant)).await().atMost(WAIT);

        trimmer.trim().await().atMost(WAIT);

        assertEquals("1000 6..1005", kept(tenant, "heavy"));
        assertEquals("2 2..3", kept(tenant, "light"));
        trimmer.trim().await().atMost(WAIT); // nothing more to do
        assertEquals("1000 6..1005", kept(tenant, "heavy"));
    }

    private String kept(String tenant, String agent) {
        return pool.preparedQuery("""
                SELECT count(*) || ' ' || min(sequence) || '..' || max(sequence) AS kept
                  FROM agent_counter_changes WHERE tenant_id = $1 AND agent_id = $2""")
                .execute(Tuple.of(tenant, agent)).await().atMost(WAIT).iterator().next().getString("kept");
    }
}
