package io.switchboard.conversation.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.service.BotService;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/bots")
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Bots")
public class BotResource {

    public record NewBot(@NotBlank @Size(max = 120) String name) {
    }

    public record BotCreated(UUID id, String name, String apiKey, Instant createdAt) {
    }

    public record BotView(UUID id, String name, Instant createdAt) {
    }

    private final BotService bots;
    private final CallerContext callers;

    public BotResource(BotService bots, CallerContext callers) {
        this.bots = bots;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Create a bot", description = "Returns its API key (X-Api-Key) once; only its hash is kept. Publishes bot.created.")
    @APIResponse(responseCode = "201", description = "Created; the key is shown only here")
    @APIResponse(responseCode = "400", description = "Missing or too long name")
    public Uni<Response> create(@NotNull @Valid NewBot body) {
        var caller = callers.current();
        return bots.create(caller, body.name()).map(b -> Response.status(201)
                .entity(new BotCreated(b.bot().id(), b.bot().name(), b.apiKey(), b.bot().createdAt())).build());
    }

    @GET
    @Operation(summary = "The tenant's bots (without keys)")
    public Uni<List<BotView>> list() {
        var caller = callers.current();
        return bots.list(caller).map(list -> list.stream().map(b -> new BotView(b.id(), b.name(), b.createdAt())).toList());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a bot", description = "Its key stops working at once. Publishes bot.deleted.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such bot in this tenant (or already deleted)")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        var caller = callers.current();
        return bots.delete(caller, id).replaceWith(Response.noContent().build());
    }
}
