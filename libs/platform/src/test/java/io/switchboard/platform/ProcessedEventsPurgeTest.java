package io.switchboard.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.platform.messaging.ProcessedEventsPurge;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Claims older than the retention (8 days: longer than any topic keeps an event) are purged, younger ones kept;
 * in batches (two per statement under test, so three expired claims take two).
 */
@QuarkusTest
class ProcessedEventsPurgeTest {

    @Inject
    Pool pool;

    @Inject
    ProcessedEventsPurge purge;

    @Test
    void claimsOlderThanTheRetentionArePurgedInBatchesYoungerOnesStay() {
        String consumer = "purge-" + UUID.randomUUID();
        Set<UUID> expired = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            expired.add(claim(consumer, Duration.ofDays(9)));
        }
        UUID withinTheWindow = claim(consumer, Duration.ofDays(7));
        UUID fresh = claim(consumer, Duration.ZERO);

        long deleted = purge.purgeOnce().await().atMost(Duration.ofSeconds(30));

        assertTrue(deleted >= expired.size(), "at least this test's expired claims: " + deleted);
        Set<UUID> left = new HashSet<>();
        for (Row r : pool.preparedQuery("SELECT event_id FROM processed_events WHERE consumer = $1").execute(Tuple.of(consumer))
                .await().atMost(Duration.ofSeconds(10))) {
            left.add(r.getUUID(0));
        }
        assertEquals(Set.of(withinTheWindow, fresh), left);
    }

    private UUID claim(String consumer, Duration age) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO processed_events (consumer, event_id, processed_at) VALUES ($1, $2, now() - $3::bigint * interval '1 second')")
                .execute(Tuple.of(consumer, id, age.toSeconds())).await().atMost(Duration.ofSeconds(10));
        return id;
    }
}
