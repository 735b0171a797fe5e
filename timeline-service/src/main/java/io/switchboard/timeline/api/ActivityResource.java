package io.switchboard.timeline.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.EventType;
import io.switchboard.contracts.TimelineEvents;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import io.switchboard.timeline.service.ActivityService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/timelines/{customerId}/activities")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AGENT, Roles.ADMIN, Roles.BOT})
public class ActivityResource {

    /** Integrations may date an entry in the past, never in the future (a little clock skew is tolerated). */
    private static final Duration SKEW = Duration.ofMinutes(5);

    /**
     * {@code type}: {@code call} (direction INCOMING|OUTGOING|MISSED, durationSeconds, fromNumber, toNumber),
     * {@code email_campaign} (campaignId, campaignName, statsUrl) or {@code custom} (kind, title, body, link).
     */
    public record ActivityRequest(
            @NotNull @Pattern(regexp = "call|email_campaign|custom", message = "must be call, email_campaign or custom") String type,
            OffsetDateTime occurredAt,
            @Pattern(regexp = "INCOMING|OUTGOING|MISSED", message = "must be INCOMING, OUTGOING or MISSED") String direction,
            @Min(0) @Max(86_400) Integer durationSeconds,
            @Size(max = 40) String fromNumber, @Size(max = 40) String toNumber,
            @Size(max = 128) String campaignId, @Size(max = 200) String campaignName,
            @Size(max = 2000) @Pattern(regexp = "https?://.*", message = "must be an http(s) URL") String statsUrl,
            @Size(max = 64) @Pattern(regexp = "[a-z0-9_.-]+", message = "lower-case letters, digits, _ . -") String kind,
            @Size(max = 200) String title, @Size(max = 5000) String body,
            @Size(max = 2000) @Pattern(regexp = "https?://.*", message = "must be an http(s) URL") String link) {
    }

    public record ActivityDto(String id, String customerId, String type, OffsetDateTime occurredAt) {
    }

    private final CallerContext callerContext;
    private final ActivityService service;

    public ActivityResource(CallerContext callerContext, ActivityService service) {
        this.callerContext = callerContext;
        this.service = service;
    }

    @POST
    @Operation(summary = "Log an integration entry: a call, an e-mail campaign sent, or a custom kind",
            description = "By JWT or a bot's X-Api-Key. Publishes timeline.call_logged, timeline.email_campaign_sent "
                    + "or timeline.activity_logged; the entry appears once the event is consumed. A repeated "
                    + "Idempotency-Key answers 200 with the original.")
    @APIResponse(responseCode = "201", description = "Logged")
    @APIResponse(responseCode = "400", description = "Missing or invalid fields for the type")
    @APIResponse(responseCode = "404", description = "No such customer in the caller's tenant")
    public Uni<Response> log(@PathParam("customerId") String customerId,
            @HeaderParam("Idempotency-Key") @Size(max = 200) String idempotencyKey,
            @Valid @NotNull ActivityRequest r) {
        Caller caller = callerContext.current();
        String customer = TimelineResource.customerId(customerId);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime at = (r.occurredAt() == null ? now : r.occurredAt().withOffsetSameInstant(ZoneOffset.UTC))
                .truncatedTo(ChronoUnit.MICROS);
        if (at.isAfter(now.plus(SKEW))) {
            throw ProblemException.invalid("occurredAt", "must not be in the future");
        }
        EventType type;
        Function<String, Record> data;
        switch (r.type()) {
            case "call" -> {
                require(r.direction(), "direction");
                type = EventType.TIMELINE_CALL_LOGGED;
                data = id -> new TimelineEvents.CallLogged(customer, id, r.direction(),
                        "MISSED".equals(r.direction()) ? null : r.durationSeconds(), r.fromNumber(), r.toNumber(),
                        at.toInstant(), caller.actor());
            }
            case "email_campaign" -> {
                require(r.campaignName(), "campaignName");
                type = EventType.TIMELINE_EMAIL_CAMPAIGN_SENT;
                data = id -> new TimelineEvents.EmailCampaignSent(customer, r.campaignId() == null ? id : r.campaignId(),
                        r.campaignName(), r.statsUrl(), at.toInstant(), caller.actor());
            }
            default -> {
                require(r.kind(), "kind");
                require(r.title(), "title");
                type = EventType.TIMELINE_ACTIVITY_LOGGED;
                data = id -> new TimelineEvents.ActivityLogged(customer, id, r.kind(), r.title(), r.body(), r.link(),
                        at.toInstant(), caller.actor());
            }
        }
        return service.log(caller, customer, type, at, idempotencyKey, data)
                .map(l -> Response.status(l.created() ? 201 : 200)
                        .entity(new ActivityDto(l.id().toString(), l.customerId(), l.type(), l.occurredAt())).build());
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "required for this type");
        }
    }
}
