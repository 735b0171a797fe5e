package io.switchboard.conversation.client;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.config.CustomerServiceConfig;
import io.switchboard.platform.concurrent.Waiter;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.PlatformSecurityConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Finds or creates the customer behind a contact, through customer-service, in batches: concurrent first contacts
 * of one tenant are gathered for at most {@code identify-batch-wait} (or until {@code identify-batch-size} distinct
 * contacts) and sent in one identify-batch call. Calls for a contact that is already gathered or already on its
 * way share that contact's answer instead of being sent again. Each caller gets its own answer, or its own
 * failure: 503 when customer-service is down or slow, 400 when it refuses the contact.
 *
 * <p>Thread-safe: everything a tenant's callers share is changed inside {@link ConcurrentHashMap#compute} on that
 * tenant's entry. Bounded: a window holds at most the batch size, and every call ends by {@code timeout}.
 */
@ApplicationScoped
public class CustomerDirectory {

    private static final Logger LOG = Logger.getLogger(CustomerDirectory.class);
    private static final String CALLER = "conversation-service";
    /** customer-service's limit per identify-batch call (INTERFACES.md). */
    static final int MAX_BATCH = 500;

    /** Contacts are one per tenant, channel and external id; callers with the same key share one item. */
    private record ContactKey(String tenantId, String channel, String externalId) {
    }

    /** One contact of a batch and everyone waiting for it. */
    private static final class Item {
        final ContactKey key;
        final CustomerServiceClient.IdentifyRequest request;
        private final List<Waiter<UUID>> waiters = new ArrayList<>(2);
        private boolean done;

        Item(ContactKey key, CustomerServiceClient.IdentifyRequest request) {
            this.key = key;
            this.request = request;
        }

        /** False once answered: the caller has to ask again. */
        synchronized boolean add(Waiter<UUID> waiter) {
            if (done) {
                return false;
            }
            waiters.add(waiter);
            return true;
        }

        synchronized List<Waiter<UUID>> finish() {
            done = true;
            return List.copyOf(waiters);
        }
    }

    /** A tenant's contacts being gathered for the next call; frozen once out of {@link #open}. */
    private static final class Window {
        final String tenantId;
        final Map<ContactKey, Item> items = new LinkedHashMap<>();
        long timer = -1;

        Window(String tenantId) {
            this.tenantId = tenantId;
        }
    }

    private final CustomerServiceConfig config;
    private final PlatformSecurityConfig security;
    private final Vertx vertx;
    private final int batchSize;
    private final long waitMillis;
    /** Per tenant, the window gathering now (none while nobody waits). */
    private final ConcurrentHashMap<String, Window> open = new ConcurrentHashMap<>();
    /** Contacts sent and not answered yet. */
    private final ConcurrentHashMap<ContactKey, Item> inFlight = new ConcurrentHashMap<>();
    private volatile CustomerServiceClient client;

    public CustomerDirectory(CustomerServiceConfig config, PlatformSecurityConfig security, Vertx vertx) {
        this.config = config;
        this.security = security;
        this.vertx = vertx;
        this.batchSize = Math.max(1, Math.min(MAX_BATCH, config.identifyBatchSize()));
        java.time.Duration wait = config.identifyBatchWait();
        // Vert.x timers count whole milliseconds: a wait under one is one.
        this.waitMillis = wait.isNegative() || wait.isZero() ? 0 : Math.max(1, wait.toMillis());
    }

    public Uni<UUID> identify(String tenantId, CustomerServiceClient.IdentifyRequest request) {
        if (security.internalToken().isEmpty()) {
            return Uni.createFrom().failure(ProblemException.unavailable("switchboard.internal.token is not configured"));
        }
        return Uni.createFrom().<UUID>emitter(emitter -> join(tenantId, request, Waiter.of(emitter)))
                .ifNoItem().after(config.timeout()).failWith(() -> ProblemException.unavailable("customer-service timed out"));
    }

    private void join(String tenantId, CustomerServiceClient.IdentifyRequest request, Waiter<UUID> waiter) {
        ContactKey key = new ContactKey(tenantId, request.channel(), request.externalId());
        Window[] ready = {null};
        open.compute(tenantId, (tenant, current) -> {
            Item sent = inFlight.get(key);
            if (sent != null && sent.add(waiter)) {
                return current;
            }
            Window window = current != null ? current : new Window(tenant);
            window.items.computeIfAbsent(key, k -> new Item(k, request)).add(waiter);
            if (window.items.size() >= batchSize || waitMillis == 0) {
                ready[0] = window;
                takeOff(window);
                return null;
            }
            if (current == null) {
                window.timer = vertx.setTimer(waitMillis, id -> expire(window));
            }
            return window;
        });
        if (ready[0] != null) {
            if (ready[0].timer != -1) {
                vertx.cancelTimer(ready[0].timer);
            }
            send(ready[0]);
        }
    }

    /** The window's wait is over: send it unless it went out full already. */
    private void expire(Window window) {
        boolean[] mine = {false};
        open.computeIfPresent(window.tenantId, (tenant, current) -> {
            if (current != window) {
                return current;
            }
            mine[0] = true;
            takeOff(window);
            return null;
        });
        if (mine[0]) {
            send(window);
        }
    }

    /** Inside the tenant's compute: from now on a caller for one of these contacts joins it in flight. */
    private void takeOff(Window window) {
        window.items.values().forEach(item -> inFlight.put(item.key, item));
    }

    private void send(Window window) {
        List<Item> items = List.copyOf(window.items.values());
        var body = new CustomerServiceClient.IdentifyBatchRequest(items.stream().map(i -> i.request).toList());
        Uni.createFrom().deferred(() -> client().identifyBatch(security.internalToken().orElseThrow(), window.tenantId,
                        CALLER, body))
                .ifNoItem().after(config.timeout()).failWith(() -> ProblemException.unavailable("customer-service timed out"))
                .subscribe().with(response -> answer(items, response), failure -> {
                    ProblemException problem = problem(failure);
                    items.forEach(item -> finish(item, null, problem));
                });
    }

    private void answer(List<Item> items, CustomerServiceClient.IdentifyBatchResponse response) {
        if (response == null || response.results() == null || response.results().size() != items.size()) {
            LOG.warnf("customer-service answered identify-batch with %s results for %d contacts",
                    response == null || response.results() == null ? "no" : response.results().size(), items.size());
            ProblemException problem = ProblemException.unavailable("customer-service is unavailable");
            items.forEach(item -> finish(item, null, problem));
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            CustomerServiceClient.IdentifyBatchResult result = response.results().get(i);
            if (result != null && result.error() != null) {
                finish(items.get(i), null, ProblemException.badRequest("customer-service refused the contact: " + result.error()));
                continue;
            }
            UUID customerId = null;
            try {
                customerId = result == null || result.customerId() == null ? null : UUID.fromString(result.customerId());
            } catch (IllegalArgumentException e) {
                // reported below as an answer without a customer
            }
            finish(items.get(i), customerId, customerId != null ? null
                    : ProblemException.unavailable("customer-service answered without a customer"));
        }
    }

    private void finish(Item item, UUID customerId, Throwable failure) {
        List<Waiter<UUID>> waiters = item.finish();
        inFlight.remove(item.key, item);
        for (Waiter<UUID> w : waiters) {
            if (failure == null) {
                w.complete(customerId);
            } else {
                w.fail(failure);
            }
        }
    }

    private static ProblemException problem(Throwable failure) {
        if (failure instanceof ProblemException p) {
            return p;
        }
        if (failure instanceof WebApplicationException wae && wae.getResponse().getStatus() == 400) {
            return ProblemException.badRequest("customer-service refused the contact: " + wae.getMessage());
        }
        LOG.warnf("customer-service identify-batch failed: %s", failure.toString());
        return ProblemException.unavailable("customer-service is unavailable");
    }

    /**
     * Built on first use, not at start: the URL is read when the first contact arrives, so the test profile can
     * point it at the test server's own random port ({@code ${quarkus.http.test-port}}, known only once bound).
     */
    private CustomerServiceClient client() {
        CustomerServiceClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    String url = ConfigProvider.getConfig().getOptionalValue("switchboard.customer-service.url", String.class)
                            .orElse(config.url());
                    client = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url))
                            .connectTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                            .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                            .build(CustomerServiceClient.class);
                }
                c = client;
            }
        }
        return c;
    }
}
