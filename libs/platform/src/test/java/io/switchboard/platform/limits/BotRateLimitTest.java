package io.switchboard.platform.limits;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.ApiKeyAuthenticationMechanism;
import io.switchboard.platform.security.ApiKeys;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BotRateLimitTest {

    @Inject
    Pool pool;

    /** What one replica of the service would build, on the same database. */
    private BotRateLimit replica(double perSecond, int burst, Duration lease) {
        return new BotRateLimit(new SharedBuckets(pool, new SimpleMeterRegistry()), new BotRateLimitConfig() {
            @Override
            public double perSecond() {
                return perSecond;
            }

            @Override
            public int burst() {
                return burst;
            }

            @Override
            public Duration lease() {
                return lease;
            }
        });
    }

    private static boolean admitted(Uni<Void> take) {
        try {
            take.await().atMost(Duration.ofSeconds(10));
            return true;
        } catch (ProblemException e) {
            assertEquals(429, e.status());
            assertTrue(e.retryAfter().toMillis() > 0, "says when to come back");
            return false;
        }
    }

    @Test
    void twoReplicasTogetherAdmitOneBucketNotOneEach() {
        String bot = UUID.randomUUID().toString();
        // 2/s, burst 20, one token per lease: two in-memory buckets would admit 40 at once.
        BotRateLimit a = replica(2, 20, Duration.ofMillis(100));
        BotRateLimit b = replica(2, 20, Duration.ofMillis(100));
        long start = System.nanoTime();
        int admitted = 0;
        for (int i = 0; i < 60; i++) {
            if (admitted((i % 2 == 0 ? a : b).take(bot))) {
                admitted++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(admitted >= 20, "the whole burst is admitted: " + admitted);
        // The burst, the refill meanwhile, and at most one unspent lease per replica.
        double most = 20 + 2 * seconds + 2;
        assertTrue(admitted <= most, admitted + " admitted in " + seconds + " s; at most " + most);
    }

    @Test
    void concurrentRequestsShareALeaseAndNoneIsAdmittedBeyondIt() {
        String bot = UUID.randomUUID().toString();
        BotRateLimit replica = replica(1, 10, Duration.ofSeconds(1));
        List<Uni<Boolean>> takes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            takes.add(replica.take(bot).map(v -> true)
                    .onFailure(ProblemException.class).recoverWithItem(false));
        }
        List<Boolean> answers = Uni.join().all(takes).andFailFast().await().atMost(Duration.ofSeconds(10));
        long admitted = answers.stream().filter(x -> x).count();
        assertTrue(admitted >= 10 && admitted <= 12, "the burst of 10 (plus at most a token of refill): " + admitted);
        var left = pool.preparedQuery("SELECT tokens FROM rate_buckets WHERE key = $1").execute(Tuple.of("bot-rate-limit:" + bot))
                .await().indefinitely().iterator().next().getDouble(0);
        assertTrue(left < 2, "the bucket was spent, not only this replica's share of it: " + left);
    }

    @Test
    void aBotsReadsAreLimitedAndAnsweredProblem429WithRetryAfter() {
        String tenant = "t-" + UUID.randomUUID();
        String key = ApiKeys.newKey();
        String botId = UUID.randomUUID().toString();
        pool.preparedQuery("INSERT INTO api_keys (bot_id, tenant_id, name, key_hash) VALUES ($1, $2, 'bot', $3)")
                .execute(Tuple.of(UUID.fromString(botId), tenant, ApiKeys.hash(key))).await().indefinitely();
        io.restassured.response.Response limited = null;
        int admitted = 0;
        // Burst 5 at 2/s in the test profile.
        for (int i = 0; i < 40 && limited == null; i++) {
            var r = given().header(ApiKeyAuthenticationMechanism.HEADER, key).get("/test/whoami");
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertEquals(200, r.statusCode());
                assertEquals(botId, r.asString());
                admitted++;
            }
        }
        assertTrue(limited != null, "limited after " + admitted);
        assertTrue(admitted >= 5, "the burst first: " + admitted);
        assertEquals("application/problem+json", limited.contentType());
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
        assertEquals(429, limited.jsonPath().getInt("status"));
        // People are not bots: an agent of the same tenant is not limited by the bot's bucket.
        String agent = TestTokens.agent(tenant, "agent-1");
        for (int i = 0; i < 10; i++) {
            given().auth().oauth2(agent).get("/test/whoami").then().statusCode(200);
        }
        // A key that authenticates nobody is the endpoint's 401, not a rate-limit answer.
        given().header(ApiKeyAuthenticationMechanism.HEADER, ApiKeys.newKey()).get("/test/whoami").then().statusCode(401);
    }
}
