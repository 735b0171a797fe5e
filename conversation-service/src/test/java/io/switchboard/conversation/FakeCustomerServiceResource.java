package io.switchboard.conversation;

import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.client.CustomerServiceClient.IdentifyBatchRequest;
import io.switchboard.conversation.client.CustomerServiceClient.IdentifyBatchResponse;
import io.switchboard.conversation.client.CustomerServiceClient.IdentifyBatchResult;
import io.switchboard.conversation.client.CustomerServiceClient.IdentifyRequest;
import io.switchboard.conversation.client.CustomerServiceClient.IdentifyResponse;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only stand-in for customer-service's identify and identify-batch (docs/INTERFACES.md): one customer per
 * tenant, channel and external id, race-free. It sits behind the real internal-token mechanism, so the client's
 * headers are checked.
 */
@Path("/internal/v1/customers")
public class FakeCustomerServiceResource {

    static final ConcurrentHashMap<String, UUID> CUSTOMERS = new ConcurrentHashMap<>();
    /** Calls per tenant, either endpoint. */
    static final ConcurrentHashMap<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    /** Per tenant, the number of contacts in each identify-batch call, in arrival order. */
    static final ConcurrentHashMap<String, List<Integer>> BATCHES = new ConcurrentHashMap<>();
    /** Per tenant, channel and external id: how many times the contact was sent. */
    static final ConcurrentHashMap<String, AtomicInteger> SENT = new ConcurrentHashMap<>();
    /** Tenants whose identify calls fail with 503, to prove nothing is written then. */
    static final java.util.Set<String> FAILING = ConcurrentHashMap.newKeySet();
    /** Tenants whose identify-batch answers wait until the test completes this. */
    static final ConcurrentHashMap<String, CompletableFuture<Void>> HELD = new ConcurrentHashMap<>();
    /** A contact whose external id starts with this is refused on its own ({"error"} in the batch answer). */
    static final String REFUSED = "refused-";

    private final CallerContext callers;

    public FakeCustomerServiceResource(CallerContext callers) {
        this.callers = callers;
    }

    @POST
    @Path("/identify")
    @RolesAllowed(Roles.SERVICE)
    public IdentifyResponse identify(IdentifyRequest request) {
        String tenant = callers.current().tenantId();
        CALLS.computeIfAbsent(tenant, t -> new AtomicInteger()).incrementAndGet();
        if (FAILING.contains(tenant)) {
            throw new jakarta.ws.rs.ServiceUnavailableException();
        }
        IdentifyBatchResult r = one(tenant, request);
        return new IdentifyResponse(r.customerId(), r.created());
    }

    @POST
    @Path("/identify-batch")
    @RolesAllowed(Roles.SERVICE)
    public Uni<IdentifyBatchResponse> identifyBatch(IdentifyBatchRequest body) {
        String tenant = callers.current().tenantId();
        CALLS.computeIfAbsent(tenant, t -> new AtomicInteger()).incrementAndGet();
        BATCHES.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>()).add(body.contacts().size());
        body.contacts().forEach(c -> SENT.computeIfAbsent(key(tenant, c), k -> new AtomicInteger()).incrementAndGet());
        if (FAILING.contains(tenant)) {
            throw new jakarta.ws.rs.ServiceUnavailableException();
        }
        CompletableFuture<Void> held = HELD.getOrDefault(tenant, CompletableFuture.completedFuture(null));
        return Uni.createFrom().completionStage(held).map(v -> {
            List<IdentifyBatchResult> results = new ArrayList<>();
            body.contacts().forEach(c -> results.add(c.externalId().startsWith(REFUSED)
                    ? new IdentifyBatchResult(null, null, "externalId: refused by the test")
                    : one(tenant, c)));
            return new IdentifyBatchResponse(results);
        });
    }

    private static IdentifyBatchResult one(String tenant, IdentifyRequest request) {
        boolean[] created = {false};
        UUID id = CUSTOMERS.computeIfAbsent(key(tenant, request), k -> {
            created[0] = true;
            return UUID.randomUUID();
        });
        return new IdentifyBatchResult(id.toString(), created[0], null);
    }

    private static String key(String tenant, IdentifyRequest request) {
        return tenant + "|" + request.channel() + "|" + request.externalId();
    }

    static int calls(String tenant) {
        AtomicInteger n = CALLS.get(tenant);
        return n == null ? 0 : n.get();
    }

    static List<Integer> batches(String tenant) {
        return List.copyOf(BATCHES.getOrDefault(tenant, List.of()));
    }

    static int sent(String tenant, String channel, String externalId) {
        AtomicInteger n = SENT.get(tenant + "|" + channel + "|" + externalId);
        return n == null ? 0 : n.get();
    }
}
