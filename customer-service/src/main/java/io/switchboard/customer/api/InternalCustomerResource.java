package io.switchboard.customer.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.customer.service.IdentifyService;
import io.switchboard.platform.security.Caller;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Service-to-service paths (never routed by the ingress): the internal token gives role SERVICE and the tenant. */
@Path("/internal/v1/customers")
@RolesAllowed(Roles.SERVICE)
@Tag(name = "internal")
public class InternalCustomerResource {

    private final IdentifyService identify;
    private final CallerContext callers;

    public InternalCustomerResource(IdentifyService identify, CallerContext callers) {
        this.identify = identify;
        this.callers = callers;
    }

    @POST
    @Path("/identify")
    @Operation(summary = "Find or create the customer of a contact",
            description = "One customer per (tenant, channel, externalId), also under concurrent calls; a phone or "
                    + "e-mail that matches an existing customer links to it. Creating publishes customer.created.")
    @APIResponse(responseCode = "200", description = "{customerId, created}")
    @APIResponse(responseCode = "400", description = "Invalid channel, phone or e-mail")
    public Uni<IdentifyResponse> identify(@Valid @NotNull IdentifyRequest request) {
        Caller caller = callers.current();
        return identify.identify(caller.tenantId(), request);
    }

    @POST
    @Path("/identify-batch")
    @Operation(summary = "Find or create the customers of up to " + IdentifyBatchRequest.MAX_CONTACTS
            + " contacts of one tenant",
            description = "identify for each contact, as if called one after another in request order, in one "
                    + "transaction; answers in request order. A contact that identify would refuse gets "
                    + "{error} in its place and the others go on.")
    @APIResponse(responseCode = "200", description = "{results: [{customerId, created} | {error}]}")
    @APIResponse(responseCode = "400", description = "No contacts list, or more than "
            + IdentifyBatchRequest.MAX_CONTACTS + " contacts")
    public Uni<IdentifyBatchResponse> identifyBatch(@Valid @NotNull IdentifyBatchRequest request) {
        Caller caller = callers.current();
        return identify.identifyBatch(caller.tenantId(), request.contacts());
    }
}
