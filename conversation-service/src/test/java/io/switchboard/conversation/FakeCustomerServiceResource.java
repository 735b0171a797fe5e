package io.switchboard.conversation;

import io.switchboard.conversation.client.CustomerServiceClient.IdentifyRequest;
import io.switchboard.conversation.client.CustomerServiceClient.IdentifyResponse;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only stand-in for customer-service's identify (docs/INTERFACES.md): one customer per tenant, channel and
 * external id, race-free. It sits behind the real internal-token mechanism, so the client's headers are checked.
 */
@Path("/internal/v1/customers")
public class FakeCustomerServiceResource {

    static final ConcurrentHashMap<String, UUID> CUSTOMERS = new ConcurrentHashMap<>();
    static final ConcurrentHashMap<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    /** Tenants whose identify calls fail with 503, to prove nothing is written then. */
    static final java.util.Set<String> FAILING = ConcurrentHashMap.newKeySet();

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
        String key = tenant + "|" + request.channel() + "|" + request.externalId();
        boolean[] created = {false};
        UUID id = CUSTOMERS.computeIfAbsent(key, k -> {
            created[0] = true;
            return UUID.randomUUID();
        });
        return new IdentifyResponse(id.toString(), created[0]);
    }

    static int calls(String tenant) {
        AtomicInteger n = CALLS.get(tenant);
        return n == null ? 0 : n.get();
    }
}
