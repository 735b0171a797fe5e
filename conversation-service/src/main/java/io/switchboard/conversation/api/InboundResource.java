package io.switchboard.conversation.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.domain.Channel;
import io.switchboard.conversation.service.InboundService;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/channels")
@Tag(name = "Channels")
public class InboundResource {

    private final InboundService inbound;
    private final CallerContext callers;

    public InboundResource(InboundService inbound, CallerContext callers) {
        this.inbound = inbound;
        this.callers = callers;
    }

    @POST
    @Path("/{channel}/inbound")
    @RolesAllowed(Roles.BOT)
    @Operation(summary = "A customer's message from a channel (X-Api-Key)",
            description = "Finds or creates the customer (customer-service) and the customer's conversation on the channel "
                    + "(one per customer and channel; a RESOLVED or SNOOZED one is reopened), stores the message and "
                    + "publishes its events. A repeat of the same Idempotency-Key (or clientMessageId) answers 200 with "
                    + "the original. Channels: webchat, whatsapp, telegram, facebook, instagram, email, sms, api.")
    @APIResponse(responseCode = "201", description = "Stored")
    @APIResponse(responseCode = "200", description = "A repeat: the original message")
    @APIResponse(responseCode = "400", description = "Unknown channel, missing contact, empty or > 4096-char text, malformed JSON")
    @APIResponse(responseCode = "429", description = "The key's rate limit or the tenant's messages per minute; see Retry-After")
    @APIResponse(responseCode = "503", description = "At capacity, or customer-service unavailable for a new contact: "
            + "nothing was stored; send it again after Retry-After")
    public Uni<Response> receive(@PathParam("channel") String channel,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @NotNull @Valid InboundDtos.InboundMessage body) {
        var caller = callers.current();
        Channel ch = Channel.parse(channel)
                .orElseThrow(() -> ProblemException.invalid("channel", "unknown channel; one of " + Channel.allowed()));
        ConversationResource.checkKey(idempotencyKey);
        return inbound.receive(caller, ch, body, idempotencyKey)
                .map(r -> Response.status(r.repeat() ? 200 : 201).entity(r.accepted()).build());
    }
}
