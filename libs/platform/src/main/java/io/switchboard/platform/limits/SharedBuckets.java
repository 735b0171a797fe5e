package io.switchboard.platform.limits;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.switchboard.platform.concurrent.Waiter;
import io.switchboard.platform.error.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Token buckets in the service's database ({@code rate_buckets}), so a limit holds for the service as a whole however
 * many replicas share its traffic. Each replica leases tokens a few at a time and spends them from memory: most
 * requests cost nothing, and the requests that arrive while a lease is on its way wait for that one lease instead
 * of each asking the database. What a replica holds unspent (at most one lease) is the most the replicas together
 * can exceed a limit by.
 *
 * <p>If the database cannot be asked, requests are admitted: a limit protects the service, it must not be the reason
 * it fails.
 */
@ApplicationScoped
public class SharedBuckets {

    private static final Logger LOG = Logger.getLogger(SharedBuckets.class);
    private static final String LEASE = "SELECT granted, wait_seconds FROM rate_lease($1, $2, $3, $4, $5)";

    /**
     * One kind of bucket. {@code name} prefixes its keys and names its metrics; {@code lease} is how many tokens a
     * replica takes at a time (0: exactly what the waiting requests need, for large, rare amounts such as bytes).
     */
    public record Kind(String name, double perSecond, double burst, long lease) {
        /** A lease worth {@code window} of the refill rate (at least one token, at most the burst). */
        public static Kind of(String name, double perSecond, double burst, Duration window) {
            double perLease = perSecond * window.toNanos() / 1e9;
            return new Kind(name, perSecond, burst, (long) Math.max(1, Math.min(burst, Math.ceil(perLease))));
        }
    }

    private record Waiting(long amount, Waiter<Void> waiter) {
    }

    /** A bucket's tokens on this replica and the requests waiting for the lease in flight, oldest first. */
    private static final class Local {
        long tokens;
        boolean leasing;
        final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

        /** Spends from what this replica holds, unless requests already wait ahead (they go first). */
        synchronized boolean tryTake(long amount) {
            if (waiting.isEmpty() && tokens >= amount) {
                tokens -= amount;
                return true;
            }
            return false;
        }
    }

    private final Pool pool;
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Local> locals = new ConcurrentHashMap<>();

    public SharedBuckets(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
    }

    /**
     * Completes when the bucket gave {@code amount} tokens; fails with 429 and the wait until it can when it cannot,
     * or with 413 when the amount is more than the bucket ever holds.
     */
    public Uni<Void> take(Kind kind, String key, long amount) {
        if (amount > kind.burst()) {
            return Uni.createFrom().failure(ProblemException.tooLarge(
                    "more than " + kind.name() + " ever allows (" + (long) kind.burst() + ")"));
        }
        String bucket = kind.name() + ":" + key;
        Local local = locals.computeIfAbsent(bucket, k -> new Local());
        if (local.tryTake(amount)) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(emitter -> {
            boolean lease;
            synchronized (local) {
                if (local.tryTake(amount)) {
                    emitter.complete(null);
                    return;
                }
                local.waiting.add(new Waiting(amount, Waiter.of(emitter)));
                lease = !local.leasing;
                local.leasing = true;
            }
            if (lease) {
                lease(kind, bucket, local);
            }
        });
    }

    private void lease(Kind kind, String key, Local local) {
        long need;
        long wanted;
        synchronized (local) {
            need = Math.max(0, local.waiting.peek().amount() - local.tokens);
            long waitingFor = -local.tokens;
            for (Waiting w : local.waiting) {
                waitingFor += w.amount();
            }
            wanted = Math.max(need, Math.min((long) kind.burst(), Math.max(kind.lease(), waitingFor)));
        }
        pool.preparedQuery(LEASE).execute(Tuple.of(key, kind.burst(), kind.perSecond(), need, wanted))
                .subscribe().with(rows -> {
                    Row r = rows.iterator().next();
                    leased(kind, key, local, wanted, r.getLong("granted"), r.getDouble("wait_seconds"), false);
                }, failure -> {
                    LOG.warnf("%s not checked (%s): admitting", kind.name(), failure.toString());
                    registry.counter("switchboard.limits.unchecked", "limit", kind.name()).increment();
                    leased(kind, key, local, wanted, 0, 0, true);
                });
    }

    /**
     * Admits the waiting requests the tokens cover, oldest first, and keeps the rest. While the bucket gave all that
     * was asked, requests still waiting (they came after the lease was asked for) ask again; once it gave less, it is
     * empty for them and they are refused.
     */
    private void leased(Kind kind, String key, Local local, long wanted, long granted, double waitSeconds,
            boolean unchecked) {
        List<Waiting> admitted = new ArrayList<>();
        List<Waiting> refused = new ArrayList<>();
        boolean again;
        synchronized (local) {
            if (unchecked) {
                admitted.addAll(local.waiting);
                local.waiting.clear();
            } else {
                local.tokens += granted;
                while (!local.waiting.isEmpty() && local.tokens >= local.waiting.peek().amount()) {
                    Waiting w = local.waiting.poll();
                    local.tokens -= w.amount();
                    admitted.add(w);
                }
                if (!local.waiting.isEmpty() && granted < wanted) {
                    refused.addAll(local.waiting);
                    local.waiting.clear();
                }
            }
            again = !local.waiting.isEmpty();
            local.leasing = again;
        }
        admitted.forEach(w -> w.waiter().complete(null));
        if (!refused.isEmpty()) {
            registry.counter("switchboard.limits.refused", "limit", kind.name()).increment(refused.size());
            // Whatever the database says, the next token is at least one token's time away.
            Duration retry = Duration.ofMillis((long) Math.ceil(Math.max(waitSeconds, 1 / kind.perSecond()) * 1000));
            refused.forEach(w -> w.waiter().fail(ProblemException.tooManyRequests(retry)));
        }
        if (again) {
            lease(kind, key, local);
        }
    }
}
