package io.switchboard.timeline.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import io.switchboard.timeline.repository.IndicatorQueries;
import io.switchboard.timeline.repository.TimelineQueries;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/timelines/{customerId}/indicators")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AGENT, Roles.ADMIN})
public class IndicatorResource {

    /**
     * channelPreference: the channel with most interactions in the range (null without any).
     * Conversations are counted by when they started; interactions and campaign touches by UTC day.
     */
    public record IndicatorsDto(String customerId, Instant from, Instant to, Map<String, Long> conversationsByStatus,
            Map<String, Long> conversationsByChannel, Map<String, Long> byCampaign,
            Map<String, Long> interactionsByChannel, String channelPreference, Instant lastInteractionAt) {
    }

    private final CallerContext callerContext;
    private final IndicatorQueries indicators;
    private final TimelineQueries timeline;

    public IndicatorResource(CallerContext callerContext, IndicatorQueries indicators, TimelineQueries timeline) {
        this.callerContext = callerContext;
        this.indicators = indicators;
        this.timeline = timeline;
    }

    @GET
    @Operation(summary = "Per-customer dashboard: conversations by status and channel, by campaign, interactions by "
            + "channel (channel preference), last interaction", description = "from/to: ISO dates (whole UTC days, "
            + "inclusive) or date-times. Maintained incrementally from events.")
    @APIResponse(responseCode = "200", description = "The indicators")
    @APIResponse(responseCode = "400", description = "Bad date")
    @APIResponse(responseCode = "404", description = "No timeline for this customer in the caller's tenant")
    public Uni<IndicatorsDto> get(@PathParam("customerId") String customerId, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        Caller caller = callerContext.current();
        String customer = TimelineResource.customerId(customerId);
        Instant f = from == null || from.isBlank() ? null : TimelineResource.parse("from", from, false);
        Instant t = to == null || to.isBlank() ? null : TimelineResource.parse("to", to, true);
        if (f != null && t != null && !f.isBefore(t)) {
            throw ProblemException.invalid("from", "must be before to");
        }
        return timeline.customerKnown(caller.tenantId(), customer).chain(known -> {
            if (!known) {
                throw ProblemException.notFound("timeline of customer " + customer);
            }
            return indicators.of(caller.tenantId(), customer, f, t);
        }).map(i -> new IndicatorsDto(customer, f, t, i.conversationsByStatus(), i.conversationsByChannel(),
                i.byCampaign(), i.interactionsByChannel(),
                i.interactionsByChannel().entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null),
                i.lastInteractionAt()));
    }
}
