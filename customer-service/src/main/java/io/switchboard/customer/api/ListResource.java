package io.switchboard.customer.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.customer.service.ListService;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/lists")
@RolesAllowed({Roles.AGENT, Roles.ADMIN})
@Tag(name = "lists")
public class ListResource {

    private final ListService lists;
    private final CallerContext callers;

    public ListResource(ListService lists, CallerContext callers) {
        this.lists = lists;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Create a list of customers")
    @APIResponse(responseCode = "201", description = "The new list")
    @APIResponse(responseCode = "409", description = "A list with that name exists")
    public Uni<Response> create(@Valid @NotNull CrmRequests.NewList body) {
        return lists.create(callers.current(), body.name())
                .map(l -> Response.created(URI.create("/api/v1/lists/" + l.id())).entity(l).build());
    }

    @GET
    @Operation(summary = "The tenant's lists, by name")
    public Uni<List<CrmRequests.ListView>> all() {
        return lists.all(callers.current());
    }

    @PUT
    @Path("/{listId}/customers/{id}")
    @Operation(summary = "Add a customer to the list", description = "Publishes customer.added_to_list; adding a member again changes nothing.")
    @APIResponse(responseCode = "204", description = "The customer is on the list")
    @APIResponse(responseCode = "404", description = "No such list or customer in your tenant")
    public Uni<Void> add(@PathParam("listId") UUID listId, @PathParam("id") UUID id) {
        return lists.add(callers.current(), listId, id);
    }

    @DELETE
    @Path("/{listId}/customers/{id}")
    @Operation(summary = "Remove a customer from the list", description = "Publishes customer.removed_from_list if it was a member.")
    @APIResponse(responseCode = "204", description = "The customer is not on the list")
    public Uni<Void> remove(@PathParam("listId") UUID listId, @PathParam("id") UUID id) {
        return lists.remove(callers.current(), listId, id);
    }
}
