package io.switchboard.notification.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.EventType;
import io.switchboard.notification.config.NotificationConfig;
import io.switchboard.notification.domain.WebhookSignature;
import io.switchboard.notification.repository.WebhookRepository;
import io.switchboard.notification.service.WebhookTargets;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Webhooks for bots (ADMIN): signed, retried deliveries of the tenant's events. */
@Path("/api/v1/webhooks")
@RolesAllowed(Roles.ADMIN)
public class WebhookResource {

    public record WebhookView(String id, String url, List<String> eventTypes, OffsetDateTime createdAt) {
    }

    /** Only in the create answer: the secret that signs the deliveries is never shown again. */
    public record CreatedWebhook(String id, String url, List<String> eventTypes, OffsetDateTime createdAt, String secret,
            String signatureHeader) {
    }

    public record ReplayResult(int replayed) {
    }

    private final CallerContext callers;
    private final WebhookRepository webhooks;
    private final WebhookTargets targets;
    private final int maxPerTenant;

    public WebhookResource(CallerContext callers, WebhookRepository webhooks, WebhookTargets targets,
            NotificationConfig config) {
        this.callers = callers;
        this.webhooks = webhooks;
        this.targets = targets;
        this.maxPerTenant = config.webhooks().maxPerTenant();
    }

    @POST
    @Operation(summary = "Subscribe a URL to event types; the signing secret is shown only in this answer",
            description = "The URL must be https and its host must resolve only to public addresses (checked again "
                    + "before every delivery). Each delivery is a POST of the event (structured CloudEvent + deliveryId) "
                    + "signed per Standard Webhooks: headers webhook-id (the delivery id, the same on retries), "
                    + "webhook-timestamp (Unix seconds of the attempt), webhook-signature: v1,base64(HMAC-SHA256(key, "
                    + "id.timestamp.body)) with key = base64-decoded secret after whsec_; also X-Switchboard-Event. "
                    + "Non-2xx answers are retried with exponential back-off. See docs/webhooks.md.")
    @APIResponse(responseCode = "201", description = "Created, with the secret")
    @APIResponse(responseCode = "409", description = "The tenant already has as many webhooks as it may have")
    @APIResponse(responseCode = "400", description = "Not an https URL, a host that does not resolve or resolves to a "
            + "private, loopback, link-local or other non-public address, or an event type not in the catalogue")
    public Uni<Response> create(@Valid @NotNull WebhookRequest request) {
        Caller caller = callers.current();
        for (String type : request.eventTypes()) {
            if (!"*".equals(type) && EventType.fromTypeName(type).isEmpty()) {
                throw ProblemException.invalid("eventTypes", "unknown event type " + type);
            }
        }
        String secret = WebhookSignature.newSecret();
        List<String> types = request.eventTypes().stream().distinct().toList();
        return targets.vet(request.url())
                .onFailure(WebhookTargets.Refused.class).transform(f -> ProblemException.invalid("url", f.getMessage()))
                .onFailure(UnknownHostException.class).transform(f -> ProblemException.invalid("url", "its host does not resolve"))
                .chain(() -> webhooks.create(UUID.randomUUID(), caller.tenantId(), request.url(), types, secret, maxPerTenant))
                .onItem().ifNull().failWith(() -> ProblemException.conflict("the tenant already has " + maxPerTenant
                        + " webhooks, the most it may have: delete one first"))
                .map(w -> Response.status(201).entity(new CreatedWebhook(w.id().toString(), w.url(), w.eventTypes(),
                        w.createdAt(), secret, WebhookSignature.SIGNATURE_HEADER)).build());
    }

    @GET
    @Operation(summary = "The tenant's webhooks (without secrets)")
    public Uni<List<WebhookView>> list() {
        return webhooks.list(callers.current().tenantId()).map(rows -> rows.stream().map(WebhookResource::view).toList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One webhook")
    @APIResponse(responseCode = "404", description = "No such webhook in the caller's tenant")
    public Uni<WebhookView> get(@PathParam("id") String id) {
        String tenant = callers.current().tenantId();
        return webhooks.find(tenant, parse(id)).map(w -> {
            if (w == null) {
                throw ProblemException.notFound("webhook");
            }
            return view(w);
        });
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Stop a webhook; its pending deliveries are abandoned (DEAD), its history kept")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such webhook in the caller's tenant")
    public Uni<Response> delete(@PathParam("id") String id) {
        String tenant = callers.current().tenantId();
        return webhooks.delete(tenant, parse(id)).map(found -> {
            if (!found) {
                throw ProblemException.notFound("webhook");
            }
            return Response.noContent().build();
        });
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The webhook's deliveries, newest first; filter by status PENDING, DELIVERED or DEAD")
    public Uni<List<WebhookRepository.DeliveryRow>> deliveries(@PathParam("id") String id,
            @QueryParam("status") @Pattern(regexp = "PENDING|DELIVERED|DEAD") String status,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        String tenant = callers.current().tenantId();
        UUID webhookId = parse(id);
        return webhooks.find(tenant, webhookId).chain(w -> {
            if (w == null) {
                return Uni.createFrom().failure(ProblemException.notFound("webhook"));
            }
            return webhooks.deliveries(tenant, webhookId, status, limit);
        });
    }

    @POST
    @Path("/{id}/replay")
    @Operation(summary = "Send every DEAD delivery of the webhook again (same delivery ids and bodies)")
    public Uni<ReplayResult> replayDead(@PathParam("id") String id) {
        return replay(id, null);
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/replay")
    @Operation(summary = "Send one delivery again, DEAD or already DELIVERED")
    @APIResponse(responseCode = "404", description = "No such delivery, or it is still pending")
    public Uni<ReplayResult> replayOne(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return replay(id, parse(deliveryId)).map(r -> {
            if (r.replayed() == 0) {
                throw ProblemException.notFound("finished delivery");
            }
            return r;
        });
    }

    private Uni<ReplayResult> replay(String id, UUID deliveryId) {
        String tenant = callers.current().tenantId();
        UUID webhookId = parse(id);
        return webhooks.find(tenant, webhookId).chain(w -> {
            if (w == null) {
                return Uni.createFrom().failure(ProblemException.notFound("webhook"));
            }
            return webhooks.replay(tenant, webhookId, deliveryId).map(ReplayResult::new);
        });
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("webhook");
        }
    }

    private static WebhookView view(WebhookRepository.WebhookRow w) {
        return new WebhookView(w.id().toString(), w.url(), w.eventTypes(), w.createdAt());
    }
}
