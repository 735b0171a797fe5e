package io.switchboard.customer.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.customer.service.DealService;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Deals are created under their customer (CustomerResource); here they move through stages and close. */
@Path("/api/v1/deals")
@RolesAllowed({Roles.AGENT, Roles.ADMIN})
@Tag(name = "deals")
public class DealResource {

    private final DealService deals;
    private final CallerContext callers;

    public DealResource(DealService deals, CallerContext callers) {
        this.deals = deals;
        this.callers = callers;
    }

    @PATCH
    @Path("/{dealId}")
    @Operation(summary = "Move a deal to another stage",
            description = "NEW, QUALIFIED, PROPOSAL, NEGOTIATION, WON, LOST. Publishes customer.deal_stage_changed.")
    @APIResponse(responseCode = "404", description = "No such deal in your tenant")
    public Uni<CrmRequests.DealView> stage(@PathParam("dealId") UUID dealId, @Valid @NotNull CrmRequests.StagePatch body) {
        return deals.changeStage(callers.current(), dealId, body.stage());
    }

    @POST
    @Path("/{dealId}/sale")
    @Operation(summary = "Record the deal's sale", description = "One per deal. Publishes customer.sale_created.")
    @APIResponse(responseCode = "201", description = "The sale")
    @APIResponse(responseCode = "409", description = "The deal already has its sale")
    public Uni<Response> sale(@PathParam("dealId") UUID dealId, @Valid @NotNull CrmRequests.NewSale body) {
        return deals.sell(callers.current(), dealId, body).map(s -> Response.status(201).entity(s).build());
    }
}
