package io.switchboard.timeline.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.platform.error.Params;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.limits.TenantLimits;
import io.switchboard.platform.security.Caller;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import io.switchboard.timeline.api.TimelineDtos.ActorDto;
import io.switchboard.timeline.domain.Comment;
import io.switchboard.timeline.service.CommentService;
import io.switchboard.timeline.service.CommentService.NewComment;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/timelines/{customerId}/comments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AGENT, Roles.ADMIN})
public class CommentResource {

    /** Text keeps its line breaks; {@code @agent-id} handles in it are mentions too. */
    public record CommentRequest(
            @NotBlank @Size(max = 5000, message = "at most 5000 characters") String text,
            UUID dealId,
            @Size(max = 50) List<@NotBlank @Size(max = 128) String> mentions,
            @Size(max = 20) List<@NotNull UUID> attachmentIds) {
    }

    public record CommentDto(UUID id, String customerId, UUID dealId, String text, List<String> mentions,
            List<UUID> attachmentIds, ActorDto author, OffsetDateTime createdAt) {
        static CommentDto of(Comment c) {
            return new CommentDto(c.id(), c.customerId(), c.dealId(), c.text(), c.mentions(), c.attachmentIds(),
                    new ActorDto(c.authorKind(), c.authorId()), c.createdAt());
        }
    }

    private final CallerContext callerContext;
    private final CommentService service;
    private final TenantLimits limits;

    public CommentResource(CallerContext callerContext, CommentService service, TenantLimits limits) {
        this.callerContext = callerContext;
        this.limits = limits;
        this.service = service;
    }

    @POST
    @Operation(summary = "Add a note (or an order note, with dealId) to a customer's timeline",
            description = "Publishes timeline.note_created / timeline.order_note_created and one "
                    + "timeline.agent_mentioned per mentioned agent; the entry appears once the event is consumed. "
                    + "A repeat with the same Idempotency-Key answers 200 with the original comment.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "200", description = "Repeat of an Idempotency-Key")
    @APIResponse(responseCode = "400", description = "Empty or too long text, bad ids")
    @APIResponse(responseCode = "404", description = "No such customer in the caller's tenant")
    @APIResponse(responseCode = "422", description = "An attachment, mentioned agent or deal that is not this tenant's")
    @APIResponse(responseCode = "429", description = "The tenant's comments per minute; see Retry-After")
    public Uni<Response> create(@PathParam("customerId") String customerId,
            @HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull CommentRequest body) {
        Caller caller = callerContext.current();
        String customer = TimelineResource.customerId(customerId);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw ProblemException.invalid("Idempotency-Key", "1 to 200 characters");
        }
        return limits.comment(caller.tenantId()).chain(() -> service.create(caller, customer,
                        new NewComment(body.text(), body.dealId(), body.mentions(), body.attachmentIds()), idempotencyKey))
                .map(r -> Response.status(r.created() ? 201 : 200).entity(CommentDto.of(r.comment())).build());
    }

    @DELETE
    @Path("/{commentId}")
    @Operation(summary = "Delete a comment (its author or an ADMIN)",
            description = "The text disappears; the timeline keeps that it was deleted, by whom and when "
                    + "(timeline.comment_deleted). Deleting again is a no-op.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "Neither the author nor an ADMIN")
    @APIResponse(responseCode = "404", description = "No such comment for this customer in the caller's tenant")
    public Uni<Response> delete(@PathParam("customerId") String customerId, @PathParam("commentId") String commentId) {
        Caller caller = callerContext.current();
        return service.delete(caller, TimelineResource.customerId(customerId), Params.uuid("commentId", commentId))
                .replaceWith(Response.noContent().build());
    }
}
