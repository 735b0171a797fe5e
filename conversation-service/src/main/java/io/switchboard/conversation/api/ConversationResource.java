package io.switchboard.conversation.api;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.api.ConversationDtos.AssigneeChange;
import io.switchboard.conversation.api.ConversationDtos.AutoAssignmentSettings;
import io.switchboard.conversation.api.ConversationDtos.ChatbotChange;
import io.switchboard.conversation.api.ConversationDtos.ConversationPage;
import io.switchboard.conversation.api.ConversationDtos.ConversationView;
import io.switchboard.conversation.api.ConversationDtos.MessagePage;
import io.switchboard.conversation.api.ConversationDtos.MessageView;
import io.switchboard.conversation.api.ConversationDtos.NewMessage;
import io.switchboard.conversation.api.ConversationDtos.NewScheduledMessage;
import io.switchboard.conversation.api.ConversationDtos.ScheduledMessageView;
import io.switchboard.conversation.api.ConversationDtos.StatusChange;
import io.switchboard.conversation.config.ConversationConfig;
import io.switchboard.conversation.domain.Channel;
import io.switchboard.conversation.domain.ConversationStatus;
import io.switchboard.conversation.domain.Message;
import io.switchboard.conversation.service.AutoAssigner;
import io.switchboard.conversation.service.ConversationQueries;
import io.switchboard.conversation.service.ConversationService;
import io.switchboard.conversation.service.ScheduledMessageService;
import io.switchboard.platform.error.Params;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.limits.TenantLimits;
import io.switchboard.platform.security.Caller;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Conversations for agents and admins (JWT); bots (X-Api-Key) may read a conversation, post into it and switch its
 * chatbot. Every id is looked up within the caller's tenant: another tenant's id is 404.
 */
@Path("/api/v1/conversations")
@RolesAllowed({Roles.ADMIN, Roles.AGENT})
@Tag(name = "Conversations")
public class ConversationResource {

    private final ConversationService commands;
    private final ConversationQueries queries;
    private final ScheduledMessageService scheduled;
    private final AutoAssigner autoAssigner;
    private final CallerContext callers;
    private final TenantLimits limits;
    private final ConversationConfig config;

    public ConversationResource(ConversationService commands, ConversationQueries queries,
            ScheduledMessageService scheduled, AutoAssigner autoAssigner,
            CallerContext callers, ConversationConfig config, TenantLimits limits) {
        this.commands = commands;
        this.limits = limits;
        this.queries = queries;
        this.scheduled = scheduled;
        this.autoAssigner = autoAssigner;
        this.callers = callers;
        this.config = config;
    }

    @GET
    @Operation(summary = "List conversations", description = "Filters: status, assignee (me | unassigned | an agent id), "
            + "unread, channel, customerId. Newest first; pass nextCursor as cursor for the next page. counts: the tenant's "
            + "open (not RESOLVED) conversations that are mine, unassigned, all, whatever the filters.")
    @APIResponse(responseCode = "200", description = "A page")
    @APIResponse(responseCode = "400", description = "A bad filter value, limit or cursor")
    public Uni<ConversationPage> list(@QueryParam("status") String status, @QueryParam("assignee") String assignee,
            @QueryParam("unread") String unread, @QueryParam("channel") String channel,
            @QueryParam("customerId") String customerId, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        Caller caller = callers.current();
        var filter = new ConversationQueries.Filter(
                status == null ? null : parseStatus(status),
                assignee == null || assignee.isBlank() ? null : assignee,
                unread == null ? null : Params.bool("unread", unread, false),
                channel == null ? null : Channel.parse(channel)
                        .orElseThrow(() -> ProblemException.invalid("channel", "unknown channel; one of " + Channel.allowed())),
                customerId == null ? null : Params.uuid("customerId", customerId));
        return queries.list(caller, filter, cursor, parseLimit(limit));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.AGENT, Roles.BOT})
    @Operation(summary = "One conversation")
    @APIResponse(responseCode = "404", description = "No such conversation in this tenant")
    public Uni<ConversationView> get(@PathParam("id") UUID id) {
        return queries.get(callers.current(), id);
    }

    @GET
    @Path("/{id}/messages")
    @RolesAllowed({Roles.ADMIN, Roles.AGENT, Roles.BOT})
    @Operation(summary = "Messages by sequence", description = "Those with sequence > after (default 0), oldest first; "
            + "nextAfter is the after of the next page, null on the last.")
    @APIResponse(responseCode = "404", description = "No such conversation in this tenant")
    public Uni<MessagePage> messages(@PathParam("id") UUID id, @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        Caller caller = callers.current();
        long from = after == null ? 0 : parseLong("after", after);
        return queries.messages(caller, id, from, parseLimit(limit));
    }

    @POST
    @Path("/{id}/messages")
    @RolesAllowed({Roles.ADMIN, Roles.AGENT, Roles.BOT})
    @Operation(summary = "An agent's or a bot's reply", description = "An agent's reply clears unread and hands the chat "
            + "over from an active chatbot (bot off, OPEN); the activity stays open. Text 1..4096 characters. A repeat of "
            + "the Idempotency-Key (or clientMessageId) answers 200 with the original message.")
    @APIResponse(responseCode = "201", description = "Stored")
    @APIResponse(responseCode = "200", description = "A repeat: the original message")
    @APIResponse(responseCode = "400", description = "Empty or too long text or key")
    @APIResponse(responseCode = "404", description = "No such conversation in this tenant")
    @APIResponse(responseCode = "429", description = "A bot's rate limit or the tenant's messages per minute; see Retry-After")
    public Uni<Response> post(@PathParam("id") UUID id, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @NotNull @Valid NewMessage body) {
        Caller caller = callers.current();
        checkKey(idempotencyKey);
        String key = idempotencyKey != null ? idempotencyKey : body.clientMessageId();
        return limits.message(caller.tenantId()).chain(() -> commands.post(caller, id, body.text(), key))
                .map(p -> Response.status(p.repeat() ? 200 : 201).entity(MessageView.of(p.message())).build());
    }

    @POST
    @Path("/{id}/read")
    @Operation(summary = "Mark read", description = "Publishes conversation.read when it was unread.")
    @APIResponse(responseCode = "404", description = "No such conversation in this tenant")
    public Uni<ConversationView> read(@PathParam("id") UUID id) {
        return commands.read(callers.current(), id).map(ConversationView::of);
    }

    @POST
    @Path("/{id}/unread")
    @Operation(summary = "Mark unread by hand", description = "Publishes conversation.marked_unread when it was read.")
    @APIResponse(responseCode = "404", description = "No such conversation in this tenant")
    public Uni<ConversationView> unread(@PathParam("id") UUID id) {
        return commands.markUnread(callers.current(), id).map(ConversationView::of);
    }

    @PUT
    @Path("/{id}/status")
    @Operation(summary = "Change the status", description = "OPEN→PENDING|SNOOZED|RESOLVED, PENDING→OPEN|SNOOZED|RESOLVED, "
            + "SNOOZED→OPEN|PENDING|SNOOZED|RESOLVED, RESOLVED→OPEN. SNOOZED needs until (future); the chat wakes then. "
            + "RESOLVED completes the open activity.")
    @APIResponse(responseCode = "400", description = "Unknown status, missing or past until")
    @APIResponse(responseCode = "404", description = "No such conversation in this tenant")
    @APIResponse(responseCode = "409", description = "A transition that is not allowed")
    public Uni<ConversationView> status(@PathParam("id") UUID id, @NotNull @Valid StatusChange body) {
        Caller caller = callers.current();
        return commands.changeStatus(caller, id, ConversationStatus.valueOf(body.status()),
                body.until() == null ? null : body.until().toInstant()).map(ConversationView::of);
    }

    @PUT
    @Path("/{id}/assignee")
    @Operation(summary = "Assign", description = "ADMIN: anyone. AGENT: take an unassigned chat for themselves (agentId "
            + "omitted or their own id).")
    @APIResponse(responseCode = "403", description = "An agent assigning someone else or taking an assigned chat")
    @APIResponse(responseCode = "404", description = "No such conversation in this tenant")
    public Uni<ConversationView> assign(@PathParam("id") UUID id, @Valid AssigneeChange body) {
        Caller caller = callers.current();
        String agent = body == null || body.agentId() == null ? null : body.agentId();
        if (agent == null) {
            if (caller.isAdmin() && !caller.roles().contains(Roles.AGENT)) {
                throw ProblemException.invalid("agentId", "required");
            }
            agent = caller.id();
        }
        return commands.assign(caller, id, agent).map(ConversationView::of);
    }

    @DELETE
    @Path("/{id}/assignee")
    @Operation(summary = "Unassign", description = "ADMIN: any chat. AGENT: their own.")
    @APIResponse(responseCode = "403", description = "An agent releasing someone else's chat")
    @APIResponse(responseCode = "404", description = "No such conversation in this tenant")
    public Uni<ConversationView> unassign(@PathParam("id") UUID id) {
        return commands.unassign(callers.current(), id).map(ConversationView::of);
    }

    @PUT
    @Path("/{id}/chatbot")
    @RolesAllowed({Roles.ADMIN, Roles.AGENT, Roles.BOT})
    @Operation(summary = "Chatbot on/off", description = "On: an OPEN chat becomes PENDING. Off: a PENDING chat becomes OPEN.")
    @APIResponse(responseCode = "404", description = "No such conversation in this tenant")
    public Uni<ConversationView> chatbot(@PathParam("id") UUID id, @NotNull @Valid ChatbotChange body) {
        Caller caller = callers.current();
        return commands.chatbot(caller, id, body.active()).map(ConversationView::of);
    }

    @POST
    @Path("/{id}/activity/complete")
    @Operation(summary = "Complete the open activity")
    @APIResponse(responseCode = "404", description = "No such conversation in this tenant")
    @APIResponse(responseCode = "409", description = "No open activity")
    public Uni<ConversationView> completeActivity(@PathParam("id") UUID id) {
        return commands.completeActivity(callers.current(), id).map(ConversationView::of);
    }

    @POST
    @Path("/{id}/scheduled-messages")
    @Operation(summary = "Schedule a message", description = "Sent at sendAt (future) exactly once, by whichever replica "
            + "claims it. A repeat of the Idempotency-Key in this conversation answers 200 with the original, whatever "
            + "its state now.")
    @APIResponse(responseCode = "201", description = "Scheduled")
    @APIResponse(responseCode = "200", description = "A repeat: the original scheduled message")
    @APIResponse(responseCode = "400", description = "Empty or too long text or key, missing or past sendAt")
    @APIResponse(responseCode = "404", description = "No such conversation in this tenant")
    public Uni<Response> schedule(@PathParam("id") UUID id, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @NotNull @Valid NewScheduledMessage body) {
        Caller caller = callers.current();
        checkKey(idempotencyKey);
        return limits.message(caller.tenantId())
                .chain(() -> scheduled.schedule(caller, id, body.text(), body.sendAt().toInstant(), idempotencyKey))
                .map(s -> Response.status(s.repeat() ? 200 : 201).entity(ScheduledMessageView.of(s.message())).build());
    }

    @DELETE
    @Path("/{id}/scheduled-messages/{sid}")
    @Operation(summary = "Cancel a scheduled message")
    @APIResponse(responseCode = "204", description = "Cancelled (or already cancelled)")
    @APIResponse(responseCode = "404", description = "No such scheduled message in this conversation and tenant")
    @APIResponse(responseCode = "409", description = "Already sent")
    public Uni<Response> cancel(@PathParam("id") UUID id, @PathParam("sid") UUID sid) {
        return scheduled.cancel(callers.current(), id, sid).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/settings/auto-assignment")
    @Operation(summary = "The tenant's auto-assignment setting", description = "OFF (default), ROUND_ROBIN or "
            + "FEWEST_OPEN_ACTIVITIES; cap: most open conversations per agent.")
    public Uni<AutoAssignmentSettings> autoAssignment() {
        Caller caller = callers.current();
        return Panache.withSession(() -> autoAssigner.settings(caller.tenantId()))
                .map(s -> new AutoAssignmentSettings(s.mode().name(), s.cap()));
    }

    @PUT
    @Path("/settings/auto-assignment")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Set auto-assignment (ADMIN)", description = "Turning it on assigns the waiting queue at once.")
    @APIResponse(responseCode = "400", description = "Unknown mode or cap outside 1..1000")
    public Uni<AutoAssignmentSettings> setAutoAssignment(@NotNull @Valid AutoAssignmentSettings body) {
        Caller caller = callers.current();
        var settings = new AutoAssigner.Settings(AutoAssigner.Mode.valueOf(body.mode()), body.cap());
        return Panache.withTransaction(() -> autoAssigner.update(caller.tenantId(), settings))
                .replaceWith(body);
    }

    static void checkKey(String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > Message.MAX_CLIENT_ID)) {
            throw ProblemException.invalid("Idempotency-Key", "1 to " + Message.MAX_CLIENT_ID + " characters");
        }
    }

    private int parseLimit(String limit) {
        return Params.limit("limit", limit, config.defaultPageSize(), config.maxPageSize());
    }

    private static ConversationStatus parseStatus(String value) {
        try {
            return ConversationStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("status", "must be OPEN, PENDING, SNOOZED or RESOLVED");
        }
    }

    private static long parseLong(String field, String value) {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw ProblemException.invalid(field, "must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(field, "must be a number");
        }
    }

}
