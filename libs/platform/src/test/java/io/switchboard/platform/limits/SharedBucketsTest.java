package io.switchboard.platform.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.platform.error.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Amounts larger than one token (a tenant's upload bytes), spent across two replicas of one bucket. */
@QuarkusTest
class SharedBucketsTest {

    @Inject
    Pool pool;

    @Test
    void amountsAreTakenWholeFromOneBucketAcrossReplicas() {
        // 1,000 bytes a day at most, leased exactly (no tokens held back by either replica).
        SharedBuckets.Kind bytes = new SharedBuckets.Kind("test-bytes", 1000 / 86_400.0, 1000, 0);
        SharedBuckets a = new SharedBuckets(pool, new SimpleMeterRegistry());
        SharedBuckets b = new SharedBuckets(pool, new SimpleMeterRegistry());
        String tenant = "t-" + UUID.randomUUID();
        Duration wait = Duration.ofSeconds(10);

        a.take(bytes, tenant, 600).await().atMost(wait);
        ProblemException over = assertThrows(ProblemException.class, () -> b.take(bytes, tenant, 500).await().atMost(wait));
        assertEquals(429, over.status());
        assertTrue(over.retryAfter().toSeconds() >= 60 * 60, "a day's refill is slow: " + over.retryAfter());
        b.take(bytes, tenant, 300).await().atMost(wait);
        assertEquals(429, assertThrows(ProblemException.class, () -> a.take(bytes, tenant, 200).await().atMost(wait)).status());
        // More than the bucket ever holds: no wait would help.
        assertEquals(413, assertThrows(ProblemException.class, () -> a.take(bytes, tenant, 1001).await().atMost(wait)).status());
        // Another tenant has its own bucket.
        b.take(bytes, "t-" + UUID.randomUUID(), 1000).await().atMost(wait);
    }
}
