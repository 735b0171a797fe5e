package io.switchboard.notification.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.notification.domain.Availability;
import io.switchboard.notification.repository.AgentRepository;
import io.switchboard.notification.repository.ChangeLogReader;
import io.switchboard.notification.service.AgentDirectory;
import io.switchboard.notification.service.ReconcileService;
import io.switchboard.platform.error.Params;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/agents")
@RolesAllowed({Roles.AGENT, Roles.ADMIN})
public class AgentResource {

    private final CallerContext callers;
    private final CurrentAgent current;
    private final AgentDirectory directory;
    private final AgentRepository agents;
    private final ChangeLogReader reader;
    private final ReconcileService reconciler;
    private final Pool pool;

    public AgentResource(CallerContext callers, CurrentAgent current, AgentDirectory directory, AgentRepository agents,
            ChangeLogReader reader, ReconcileService reconciler, Pool pool) {
        this.callers = callers;
        this.pool = pool;
        this.current = current;
        this.directory = directory;
        this.agents = agents;
        this.reader = reader;
        this.reconciler = reconciler;
    }

    @GET
    @Path("/me/counters")
    @Operation(summary = "The caller's counters and agent sequence (the numbers a socket snapshot carries)")
    public Uni<CountersView> counters() {
        return current.registered().chain(c -> reader.snapshot(c.tenantId(), c.id()))
                .map(s -> new CountersView(s.sequence(), s.counters()));
    }

    @GET
    @Operation(summary = "The tenant's agent directory with presence and availability")
    public Uni<List<AgentView>> list() {
        return current.registered().chain(c -> listOf(c.tenantId()));
    }

    private Uni<List<AgentView>> listOf(String tenant) {
        return agents.list(pool, tenant).map(rows -> rows.stream().map(AgentResource::view).toList());
    }

    @PUT
    @Path("/me/availability")
    @Operation(summary = "Set the caller's availability (ONLINE, BUSY, OFFLINE); publishes agent.availability_changed")
    @APIResponse(responseCode = "200", description = "The caller's directory entry")
    @APIResponse(responseCode = "400", description = "Not ONLINE, BUSY or OFFLINE")
    public Uni<AgentView> availability(@Valid @NotNull AvailabilityRequest request) {
        return current.registered().chain(c -> directory.setAvailability(c.tenantId(), c.id(), Availability.valueOf(request.availability()),
                c.actor()).chain(() -> find(c.tenantId(), c.id())));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add an agent to the directory before its first sign-in (ADMIN)")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "The agent already exists")
    public Uni<Response> add(@Valid @NotNull NewAgentRequest request) {
        Caller caller = callers.current();
        Set<String> roles = request.roles() == null || request.roles().isEmpty() ? Set.of(Roles.AGENT) : Set.copyOf(request.roles());
        return directory.ensureRegistered(caller.tenantId(), request.id(), request.displayName(), request.email(), roles)
                .chain(created -> {
                    if (!created) {
                        return Uni.createFrom().failure(ProblemException.conflict("agent " + request.id() + " already exists"));
                    }
                    return find(caller.tenantId(), request.id());
                })
                .map(view -> Response.status(201).entity(view).build());
    }

    @POST
    @Path("/counters/reconcile")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Recompute the tenant's counters from the conversation states and report differences (ADMIN)",
            description = "With fix=true (the default) differences are corrected and pushed as new frames.")
    @APIResponse(responseCode = "400", description = "fix not true/false")
    public Uni<ReconcileService.Report> reconcile(@QueryParam("fix") String fixParam) {
        boolean fix = Params.bool("fix", fixParam, true);
        Caller caller = callers.current();
        return reconciler.reconcile(caller.tenantId(), fix);
    }

    private Uni<AgentView> find(String tenant, String agentId) {
        return agents.find(pool, tenant, agentId).map(r -> {
            if (r == null) {
                throw ProblemException.notFound("agent");
            }
            return view(r);
        });
    }

    static AgentView view(AgentRepository.AgentRow r) {
        List<String> roles = r.roles() == null || r.roles().isBlank() ? List.of() : Arrays.asList(r.roles().split(","));
        return new AgentView(r.agentId(), r.displayName(), r.email(), roles, r.availability(),
                r.online() ? "ONLINE" : "OFFLINE", r.createdAt());
    }
}
