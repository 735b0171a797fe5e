package io.switchboard.customer.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.customer.repository.CustomerSearch;
import io.switchboard.customer.service.CustomerService;
import io.switchboard.customer.service.DealService;
import io.switchboard.customer.service.RelationService;
import io.switchboard.customer.service.StatusService;
import io.switchboard.platform.security.Caller;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

/** The customer profile (seeds 002, 003): contact and origin data, assignee, rating, status. */
@Path("/api/v1/customers")
@RolesAllowed({Roles.AGENT, Roles.ADMIN})
@Tag(name = "customers")
public class CustomerResource {

    private final CustomerService customers;
    private final StatusService status;
    private final DealService deals;
    private final RelationService relations;
    private final CustomerSearch search;
    private final CallerContext callers;

    public CustomerResource(CustomerService customers, StatusService status, DealService deals,
            RelationService relations, CustomerSearch search, CallerContext callers) {
        this.search = search;
        this.customers = customers;
        this.status = status;
        this.deals = deals;
        this.relations = relations;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Create a customer", description = "Phones and e-mails are normalised; one that belongs to "
            + "another customer of the tenant is a 409. Publishes customer.created.")
    @APIResponse(responseCode = "201", description = "The new customer")
    @APIResponse(responseCode = "400", description = "Invalid e-mail, phone, attribute or length")
    @APIResponse(responseCode = "409", description = "A phone or e-mail already belongs to another customer")
    public Uni<Response> create(@Valid @NotNull CustomerRequests.Create body) {
        Caller caller = callers.current();
        return customers.create(caller, body)
                .map(v -> Response.created(URI.create("/api/v1/customers/" + v.id())).entity(v).build());
    }

    @GET
    @Operation(summary = "Browse and search customers",
            description = "Filters: status (comma-separated), assignee (me, unassigned or an id), list, rating, "
                    + "minRating, createdFrom/createdTo, q (free text over names, identification, e-mails, phones). "
                    + "sort: createdAt, updatedAt, name, rating (leading - for descending; default -createdAt). "
                    + "Keyset pagination: pass nextCursor as cursor with the same filters.")
    @APIResponse(responseCode = "200", description = "{items, nextCursor}")
    @APIResponse(responseCode = "400", description = "Invalid filter, sort, limit or cursor")
    public Uni<CustomerSummary.Page> browse(@BeanParam CustomerQuery query) {
        Caller caller = callers.current();
        return search.page(caller.tenantId(), search.filter(query, caller.id()));
    }

    @GET
    @Path("/{id}/neighbours")
    @Operation(summary = "Previous and next customer in a browse",
            description = "Takes the browse's filters and sort (cursor and limit are ignored): the customers shown "
                    + "just before and after this one, for prev/next navigation on the profile.")
    @APIResponse(responseCode = "200", description = "{previous, next}; either may be null")
    @APIResponse(responseCode = "404", description = "No such customer in your tenant")
    public Uni<CustomerSummary.Neighbours> neighbours(@PathParam("id") UUID id, @BeanParam CustomerQuery query) {
        Caller caller = callers.current();
        query.cursor = null;
        query.limit = null;
        return search.neighbours(caller.tenantId(), id, search.filter(query, caller.id()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.AGENT, Roles.ADMIN, Roles.BOT})
    @Operation(summary = "Read a customer's profile")
    @APIResponse(responseCode = "404", description = "No such customer in your tenant")
    public Uni<CustomerView> get(@PathParam("id") UUID id) {
        return customers.get(callers.current(), id);
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed({Roles.AGENT, Roles.ADMIN, Roles.BOT})
    @Operation(summary = "Update a customer's profile partially",
            description = "Absent fields are kept, \"\" clears a text field, [] a list; attributes are merged (null "
                    + "removes a key). Publishes customer.updated with only the changed fields (from → to).")
    @APIResponse(responseCode = "200", description = "The updated customer")
    @APIResponse(responseCode = "400", description = "Invalid e-mail, phone, attribute or length; nothing written")
    @APIResponse(responseCode = "409", description = "A phone or e-mail already belongs to another customer")
    public Uni<CustomerView> patch(@PathParam("id") UUID id, @Valid @NotNull CustomerRequests.Patch body) {
        return customers.patch(callers.current(), id, body);
    }

    @PUT
    @Path("/{id}/assignee")
    @Operation(summary = "Assign or reassign the customer",
            description = "ADMIN, or the current assignee; on an unassigned customer an AGENT may only assign "
                    + "themself. Publishes customer.assigned (assignee from → to, actor).")
    @APIResponse(responseCode = "403", description = "Neither ADMIN nor the current assignee")
    public Uni<CustomerView> assign(@PathParam("id") UUID id, @Valid @NotNull CustomerRequests.Assignee body) {
        return customers.assign(callers.current(), id, body.assigneeId().trim());
    }

    @DELETE
    @Path("/{id}/assignee")
    @Operation(summary = "Remove the assignee", description = "ADMIN or the current assignee. Publishes customer.unassigned.")
    @APIResponse(responseCode = "403", description = "Neither ADMIN nor the current assignee")
    public Uni<CustomerView> unassign(@PathParam("id") UUID id) {
        return customers.unassign(callers.current(), id);
    }

    @PUT
    @Path("/{id}/rating")
    @Operation(summary = "Rate the customer 0 to 5 stars", description = "Publishes customer.rating_changed.")
    public Uni<CustomerView> rate(@PathParam("id") UUID id, @Valid @NotNull CustomerRequests.Rating body) {
        return customers.rate(callers.current(), id, body.rating());
    }

    @PUT
    @Path("/{id}/status")
    @Operation(summary = "Change the status now or schedule it",
            description = "NEW, IN_PROGRESS, SALE, NO_SALE. With a future effectiveAt the change is scheduled "
                    + "(customer.status_change_scheduled) and applied once at that time (customer.status_changed); "
                    + "otherwise it applies now. One pending scheduled change per customer.")
    @APIResponse(responseCode = "409", description = "A change is already scheduled")
    public Uni<CustomerView> status(@PathParam("id") UUID id, @Valid @NotNull CustomerRequests.Status body) {
        Caller caller = callers.current();
        return status.change(caller, id, StatusService.parse(body.status()), body.effectiveAt());
    }

    @DELETE
    @Path("/{id}/status/scheduled")
    @Operation(summary = "Cancel the pending scheduled status change", description = "Publishes customer.status_change_cancelled.")
    @APIResponse(responseCode = "204", description = "Cancelled")
    @APIResponse(responseCode = "404", description = "Nothing scheduled")
    public Uni<Void> cancelScheduled(@PathParam("id") UUID id) {
        return status.cancel(callers.current(), id);
    }

    @POST
    @Path("/{id}/deals")
    @Operation(summary = "Open a deal for the customer", description = "Publishes customer.deal_created.")
    @APIResponse(responseCode = "201", description = "The new deal")
    public Uni<Response> createDeal(@PathParam("id") UUID id, @Valid @NotNull CrmRequests.NewDeal body) {
        return deals.create(callers.current(), id, body).map(d -> Response.status(201).entity(d).build());
    }

    @GET
    @Path("/{id}/deals")
    @Operation(summary = "The customer's deals, oldest first")
    public Uni<List<CrmRequests.DealView>> deals(@PathParam("id") UUID id) {
        return deals.ofCustomer(callers.current(), id);
    }

    @PUT
    @Path("/{id}/related/{otherId}")
    @Operation(summary = "Relate two customers (both ways)",
            description = "Optional body {relation} (default RELATED). Publishes customer.related_linked on both customers.")
    @APIResponse(responseCode = "204", description = "Linked")
    @APIResponse(responseCode = "400", description = "A customer cannot be related to itself")
    public Uni<Void> relate(@PathParam("id") UUID id, @PathParam("otherId") UUID otherId, @Valid CrmRequests.Relation body) {
        return relations.link(callers.current(), id, otherId, body == null ? null : body.relation());
    }

    @DELETE
    @Path("/{id}/related/{otherId}")
    @Operation(summary = "Unrelate two customers (both ways)", description = "Publishes customer.related_unlinked on both.")
    @APIResponse(responseCode = "204", description = "Not related")
    public Uni<Void> unrelate(@PathParam("id") UUID id, @PathParam("otherId") UUID otherId) {
        return relations.unlink(callers.current(), id, otherId);
    }

    @GET
    @Path("/{id}/related")
    @Operation(summary = "The customer's related customers")
    public Uni<List<RelationService.Related>> related(@PathParam("id") UUID id) {
        return relations.of(callers.current(), id);
    }
}
