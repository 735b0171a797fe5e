package io.switchboard.notification.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.notification.repository.ChangeLogReader;
import io.switchboard.notification.repository.ChangeLogReader.CustomerAttention;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.switchboard.platform.error.Params;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.LinkedHashSet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * What a customer needs from the team (seed 004): UNREAD (a conversation with an unread customer message),
 * ACTIVE (an open activity, the green mark), IDLE (nothing incoming, grey). Derived on read from the
 * conversation states the counter consumer keeps, so it can never disagree with the agents' counters.
 */
@Path("/api/v1/customer-states")
@RolesAllowed({Roles.AGENT, Roles.ADMIN})
public class CustomerStateResource {

    static final int MAX_IDS = 200;

    public record CustomerStateView(String customerId, String state, long unreadConversations, long openActivities,
            long conversations) {
    }

    public record CustomerStates(List<CustomerStateView> items) {
    }

    private final CallerContext callers;
    private final ChangeLogReader reader;

    public CustomerStateResource(CallerContext callers, ChangeLogReader reader) {
        this.callers = callers;
        this.reader = reader;
    }

    /** Body of POST /api/v1/customer-states/query: the GET's ids, for lists a query string cannot carry. */
    public record StatesQuery(@NotNull List<String> customerIds) {
    }

    @GET
    @Operation(summary = "UNREAD / ACTIVE / IDLE of up to 200 customers of the caller's tenant",
            description = "Only customers of the caller's tenant with a conversation known here are in the answer; "
                    + "another tenant's customer ids (and unknown ones) are absent. Many ids make a long URL: "
                    + "POST /api/v1/customer-states/query takes the same ids in a JSON body.")
    @APIResponse(responseCode = "200", description = "One item per known requested customer, in the order asked")
    @APIResponse(responseCode = "400", description = "No customerId, more than 200, or one that is not a UUID")
    public Uni<CustomerStates> states(@QueryParam("customerId") List<String> customerIds) {
        return states(customerIds == null ? List.of() : customerIds, "customerId");
    }

    @POST
    @Path("/query")
    @Operation(summary = "The same as GET, the ids in a body: {\"customerIds\": [\"uuid\", …]} (1 to 200)",
            description = "Same rules and tenant scoping as GET; for a list too long for a query string.")
    @APIResponse(responseCode = "200", description = "One item per known requested customer, in the order asked")
    @APIResponse(responseCode = "400", description = "No id, more than 200, or one that is not a UUID")
    public Uni<CustomerStates> query(@Valid @NotNull StatesQuery body) {
        return states(body.customerIds(), "customerIds");
    }

    private Uni<CustomerStates> states(List<String> customerIds, String field) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String id : customerIds) {
            ids.add(Params.uuid(field, id == null ? null : id.trim()).toString());
        }
        if (ids.isEmpty() || ids.size() > MAX_IDS) {
            throw ProblemException.invalid(field, "between 1 and " + MAX_IDS + " customers");
        }
        String tenant = callers.current().tenantId();
        // Only customers with a conversation in the caller's tenant: another tenant's id (or one unknown here) is
        // left out, never answered with made-up data that would read like a fact about it.
        return reader.customerAttention(tenant, List.copyOf(ids)).map(found -> new CustomerStates(ids.stream()
                .filter(found::containsKey).map(id -> view(id, found.get(id))).toList()));
    }

    private static CustomerStateView view(String customerId, CustomerAttention a) {
        String state = a.unread() > 0 ? "UNREAD" : a.openActivities() > 0 ? "ACTIVE" : "IDLE";
        return new CustomerStateView(customerId, state, a.unread(), a.openActivities(), a.conversations());
    }
}
