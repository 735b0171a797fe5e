package io.switchboard.conversation.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.Actor;
import io.switchboard.conversation.api.InboundDtos;
import io.switchboard.conversation.config.ConversationConfig;
import io.switchboard.conversation.domain.Channel;
import io.switchboard.conversation.domain.Conversation;
import io.switchboard.conversation.domain.ConversationRules;
import io.switchboard.conversation.domain.EventBatch;
import io.switchboard.conversation.domain.Message;
import io.switchboard.conversation.repository.InboundRepository;
import io.switchboard.conversation.repository.InboundRepository.Key;
import io.switchboard.conversation.repository.InboundRepository.Stored;
import io.switchboard.platform.concurrent.Waiter;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.outbox.Outbox;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Group commit for customers' messages: the messages that arrive while a transaction runs wait for the next one
 * and share it (its round trips, its WAL flush), each answered only once that transaction committed.
 * <ul>
 *   <li>Gathering: an idle lane's first message waits {@code gather} (a millisecond or two, or not at all) before
 *       its transaction starts, so messages arriving close together share it even when the lane keeps up; a busy
 *       lane takes what queued meanwhile as soon as its transaction ends.</li>
 *   <li>Lanes: a conversation always maps to the same lane, and a lane runs one transaction at a time, so a
 *       conversation's messages keep their arrival order and one replica's transactions never wait for each
 *       other's conversation locks.</li>
 *   <li>A transaction: lock the batch's conversations (and read earlier messages of its idempotency keys) in one
 *       round trip, create the missing conversations in one statement, apply {@link ConversationRules} in arrival
 *       order in memory, auto-assign new or reopened chats, then write every message, every conversation and every
 *       event in three statements sent together.</li>
 *   <li>A batch that fails is run again one message at a time, so one message's failure never fails another.</li>
 *   <li>Overload: a message that would wait longer than {@code max-queue-delay} (or find {@code max-queued}
 *       ahead of it) is refused at once with 503 and Retry-After: admitted messages keep their latency.</li>
 * </ul>
 */
@ApplicationScoped
public class InboundBatcher {

    private static final Logger LOG = Logger.getLogger(InboundBatcher.class);

    /** A customer's message whose contact is resolved to a customer. */
    public record Item(String tenantId, Channel channel, UUID customerId, String text, String clientMessageId) {
        Key key() {
            return new Key(tenantId, customerId, channel);
        }
    }

    public record Result(InboundDtos.InboundAccepted accepted, boolean repeat) {
    }

    private record Waiting(Item item, long since, Waiter<Result> waiter) {
    }

    private static final class Lane {
        final ArrayDeque<Waiting> queue = new ArrayDeque<>();
        boolean busy;
    }

    private final Pool pool;
    private final Vertx vertx;
    private final InboundRepository repository;
    private final AutoAssigner autoAssigner;
    private final Outbox outbox;
    private final ConversationConfig.Ingest config;
    private final long maxQueueDelayNanos;
    private final long gatherMillis;
    private final Lane[] lanes;
    private final DistributionSummary batchSizes;
    private final Timer waited;
    private final Timer transactions;
    private final Counter shed;

    public InboundBatcher(Pool pool, Vertx vertx, InboundRepository repository, AutoAssigner autoAssigner,
            Outbox outbox, ConversationConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.repository = repository;
        this.autoAssigner = autoAssigner;
        this.outbox = outbox;
        this.config = config.ingest();
        this.maxQueueDelayNanos = this.config.maxQueueDelay().toNanos();
        this.gatherMillis = this.config.gather().toMillis();
        this.lanes = new Lane[this.config.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane();
        }
        this.batchSizes = DistributionSummary.builder("switchboard.ingest.batch.size")
                .description("messages per inbound transaction").register(registry);
        this.waited = Timer.builder("switchboard.ingest.wait").description("a message's wait for its transaction")
                .publishPercentileHistogram().register(registry);
        this.transactions = Timer.builder("switchboard.ingest.transaction")
                .description("an inbound transaction, begin to commit").publishPercentileHistogram().register(registry);
        this.shed = registry.counter("switchboard.ingest.shed");
        registry.gauge("switchboard.ingest.queued", this, InboundBatcher::queued);
    }

    /** Messages waiting for a transaction, in all lanes. */
    public int queued() {
        int n = 0;
        for (Lane lane : lanes) {
            synchronized (lane) {
                n += lane.queue.size();
            }
        }
        return n;
    }

    /** How long the longest-waiting message has waited for its transaction (0 when none waits). */
    public java.time.Duration longestWait() {
        long now = System.nanoTime();
        long longest = 0;
        for (Lane lane : lanes) {
            synchronized (lane) {
                Waiting oldest = lane.queue.peek();
                if (oldest != null) {
                    longest = Math.max(longest, now - oldest.since());
                }
            }
        }
        return java.time.Duration.ofNanos(longest);
    }

    /** Stores the message in the next transaction of its conversation's lane; fails with 503 when overloaded. */
    public Uni<Result> submit(Item item) {
        return Uni.createFrom().emitter(emitter -> {
            Lane lane = lanes[Math.floorMod(item.key().hashCode(), lanes.length)];
            Waiting waiting = new Waiting(item, System.nanoTime(), Waiter.of(emitter));
            boolean start;
            synchronized (lane) {
                if (overloaded(lane, waiting.since())) {
                    shed.increment();
                    emitter.fail(ProblemException.unavailable("ingest is at capacity; retry"));
                    return;
                }
                lane.queue.add(waiting);
                start = !lane.busy;
                lane.busy = true;
            }
            if (start) {
                gather(lane);
            }
        });
    }

    /** An idle lane's first message waits {@code gather} for others to share its transaction, then it starts. */
    private void gather(Lane lane) {
        if (gatherMillis <= 0) {
            next(lane);
        } else {
            vertx.setTimer(gatherMillis, id -> next(lane));
        }
    }

    private boolean overloaded(Lane lane, long now) {
        Waiting oldest = lane.queue.peek();
        return lane.queue.size() >= config.maxQueued()
                || oldest != null && now - oldest.since() > maxQueueDelayNanos;
    }

    /** Takes what waits in the lane (up to a batch) and commits it; the lane idles when nothing waits. */
    private void next(Lane lane) {
        List<Waiting> batch = new ArrayList<>();
        synchronized (lane) {
            while (batch.size() < config.maxBatch() && !lane.queue.isEmpty()) {
                batch.add(lane.queue.poll());
            }
            if (batch.isEmpty()) {
                lane.busy = false;
                return;
            }
        }
        batchSizes.record(batch.size());
        long start = System.nanoTime();
        for (Waiting w : batch) {
            waited.record(start - w.since(), TimeUnit.NANOSECONDS);
        }
        commit(batch)
                .invoke(() -> transactions.record(System.nanoTime() - start, TimeUnit.NANOSECONDS))
                .subscribe().with(ignored -> next(lane), failure -> {
                    LOG.errorf(failure, "inbound lane stopped unexpectedly");
                    next(lane);
                });
    }

    /** Commits the batch; if it fails, each message again on its own. Never fails itself. */
    private Uni<Void> commit(List<Waiting> batch) {
        List<Item> items = batch.stream().map(Waiting::item).toList();
        return pool.withTransaction(conn -> ingest(conn, items))
                .onItem().invoke(results -> {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).waiter().complete(results.get(i));
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    if (batch.size() == 1) {
                        batch.get(0).waiter().fail(failure);
                        return Uni.createFrom().voidItem();
                    }
                    LOG.debugf("inbound batch of %d failed (%s); one message at a time", batch.size(), failure);
                    Uni<Void> each = Uni.createFrom().voidItem();
                    for (Waiting w : batch) {
                        each = each.chain(() -> commit(List.of(w)));
                    }
                    return each;
                });
    }

    /**
     * Runs messages through the whole transaction and rolls it back: nothing is stored or published. Three times:
     * new conversations, then conversations that exist (new keys), then repeats of those keys.
     */
    public Uni<Void> rehearse(List<Item> items) {
        List<Item> again = items.stream().map(i -> new Item(i.tenantId(), i.channel(), i.customerId(), i.text(),
                i.clientMessageId() + "'")).toList();
        return pool.withConnection(conn -> conn.begin().chain(tx -> ingest(conn, items)
                .chain(() -> ingest(conn, again))
                .chain(() -> ingest(conn, again))
                .onTermination().call(tx::rollback)))
                .replaceWithVoid();
    }

    /** The batch's transaction on {@code conn}; one result per item, in order. */
    private Uni<List<Result>> ingest(SqlConnection conn, List<Item> items) {
        Instant now = ConversationRules.now();
        Set<Key> keys = new LinkedHashSet<>();
        for (Item item : items) {
            keys.add(item.key());
        }
        Batch batch = new Batch(items, now);
        return Uni.combine().all().unis(repository.lock(conn, keys), stored(conn, items, keys)).asTuple()
                .chain(found -> {
                    batch.found(found.getItem1(), found.getItem2(), false);
                    List<Key> missing = keys.stream().filter(k -> !batch.conversations.containsKey(k)).toList();
                    if (missing.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return repository.create(conn, missing, now).chain(created -> {
                        batch.found(created, List.of(), true);
                        // Created by a concurrent transaction (another replica) since our lock: lock it now.
                        Set<Key> raced = new LinkedHashSet<>(missing);
                        raced.removeIf(batch.conversations::containsKey);
                        if (raced.isEmpty()) {
                            return Uni.createFrom().voidItem();
                        }
                        return repository.lock(conn, raced).chain(locked -> stored(conn, items, raced)
                                .invoke(stored -> batch.found(locked, stored, false))).replaceWithVoid();
                    });
                })
                .chain(() -> {
                    batch.applyRules();
                    return assign(conn, batch);
                })
                .chain(() -> Uni.combine().all()
                        .unis(repository.write(conn, batch.messages, batch.changed),
                                outbox.appendAll(conn, batch.events.pending()))
                        .discardItems())
                .replaceWith(() -> batch.results);
    }

    /** Earlier messages under the items' idempotency keys, in the conversations of {@code keys}. */
    private Uni<List<Stored>> stored(SqlConnection conn, List<Item> items, Set<Key> keys) {
        List<Key> keyed = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Item item : items) {
            if (item.clientMessageId() != null && keys.contains(item.key())) {
                keyed.add(item.key());
                ids.add(item.clientMessageId());
            }
        }
        return repository.stored(conn, keyed, ids);
    }

    /** New and reopened chats nobody has, with their tenants' settings locked once for the batch. */
    private Uni<Void> assign(SqlConnection conn, Batch batch) {
        List<Conversation> waiting = batch.wantAgent.stream().filter(AutoAssigner::wantsAgent).toList();
        if (waiting.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> tenants = new HashSet<>();
        waiting.forEach(c -> tenants.add(c.tenantId));
        return autoAssigner.lockSettings(conn, tenants).chain(settings -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Conversation c : waiting) {
                chain = chain.chain(() -> autoAssigner.assignIfUnassigned(conn, settings.get(c.tenantId), c, batch.events));
            }
            return chain;
        });
    }

    /** One transaction's working state: the locked conversations, what the rules made of them, the answers. */
    private static final class Batch {
        final List<Item> items;
        final Instant now;
        final Map<Key, Conversation> conversations = new HashMap<>();
        final Set<UUID> created = new HashSet<>();
        /** Messages stored under an idempotency key: "conversation id / key" → the message. */
        final Map<String, Stored> stored = new HashMap<>();
        final List<Message> messages = new ArrayList<>();
        final Set<Conversation> changed = new LinkedHashSet<>();
        final Set<Conversation> wantAgent = new LinkedHashSet<>();
        final EventBatch events = new EventBatch();
        final List<Result> results = new ArrayList<>();

        Batch(List<Item> items, Instant now) {
            this.items = items;
            this.now = now;
        }

        void found(List<Conversation> locked, List<Stored> earlier, boolean createdHere) {
            for (Conversation c : locked) {
                conversations.put(new Key(c.tenantId, c.customerId, c.channel), c);
                if (createdHere) {
                    created.add(c.id);
                }
            }
            for (Stored s : earlier) {
                stored.put(s.conversationId() + "/" + s.clientMessageId(), s);
            }
        }

        /** Seed 004's rules, message by message in arrival order, exactly as for a message on its own. */
        void applyRules() {
            for (Item item : items) {
                Conversation c = conversations.get(item.key());
                String idKey = c.id + "/" + item.clientMessageId();
                Stored original = item.clientMessageId() == null ? null : stored.get(idKey);
                if (original != null) {
                    results.add(new Result(new InboundDtos.InboundAccepted(c.id, c.customerId, original.messageId(),
                            original.sequence(), false), true));
                    continue;
                }
                boolean createdNow = created.remove(c.id);
                Actor customer = Actor.of(Actor.Kind.CUSTOMER, c.customerIdString());
                if (createdNow) {
                    ConversationRules.created(c, customer, events);
                }
                Message m = Message.create(Message.Direction.INCOMING, customer, item.text(), item.clientMessageId());
                boolean reopened = ConversationRules.customerWrote(c, m, now, events);
                if (createdNow || reopened) {
                    wantAgent.add(c);
                }
                messages.add(m);
                changed.add(c);
                if (item.clientMessageId() != null) {
                    stored.put(idKey, new Stored(c.id, item.clientMessageId(), m.id, m.sequence));
                }
                results.add(new Result(new InboundDtos.InboundAccepted(c.id, c.customerId, m.id, m.sequence, createdNow),
                        false));
            }
        }
    }
}
