package io.switchboard.timeline.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.platform.error.Params;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Caller;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import io.switchboard.timeline.api.TimelineDtos.EntryDto;
import io.switchboard.timeline.api.TimelineDtos.TimelinePage;
import io.switchboard.timeline.config.TimelineConfig;
import io.switchboard.timeline.domain.PageCursor;
import io.switchboard.timeline.domain.TimelineFilter;
import io.switchboard.timeline.repository.TimelineQueries;
import io.switchboard.timeline.repository.TimelineQueries.EntryRow;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/timelines/{customerId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AGENT, Roles.ADMIN})
public class TimelineResource {

    private static final int MAX_TYPES = 50;

    private final CallerContext callerContext;
    private final TimelineQueries queries;
    private final TimelineConfig config;

    public TimelineResource(CallerContext callerContext, TimelineQueries queries, TimelineConfig config) {
        this.callerContext = callerContext;
        this.queries = queries;
        this.config = config;
    }

    @GET
    @Operation(summary = "A customer's timeline, newest first",
            description = "Ordered by occurred time, then event sequence, then id, all descending. Pass nextCursor "
                    + "back as cursor for the next page. A customer with no entry in the caller's tenant (unknown, "
                    + "or another tenant's) is 404; a known customer whose filters match nothing is an empty page.")
    @APIResponse(responseCode = "200", description = "A page of entries")
    @APIResponse(responseCode = "400", description = "Bad limit, cursor, types or date")
    @APIResponse(responseCode = "404", description = "No timeline for this customer in the caller's tenant")
    public Uni<TimelinePage> page(@PathParam("customerId") String customerId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @Parameter(description = "comma-separated event types") @QueryParam("types") List<String> types,
            @QueryParam("onlyComments") String onlyComments,
            @Parameter(description = "ISO date (UTC day, inclusive) or instant") @QueryParam("from") String from,
            @Parameter(description = "ISO date (UTC day, inclusive) or instant (inclusive)") @QueryParam("to") String to) {
        Caller caller = callerContext.current();
        String customer = customerId(customerId);
        int size = Params.limit("limit", limit, config.pageSize(), config.maxPageSize());
        TimelineFilter filter = new TimelineFilter(types(types), Params.bool("onlyComments", onlyComments, false),
                from(from), toExclusive(to));
        if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
            throw ProblemException.invalid("from", "must be before to");
        }
        PageCursor after = cursor == null || cursor.isBlank() ? null : PageCursor.decode(cursor);
        return queries.page(caller.tenantId(), customer, filter, after, size + 1).chain(rows -> {
            boolean more = rows.size() > size;
            List<EntryRow> items = more ? rows.subList(0, size) : rows;
            EntryRow last = items.isEmpty() ? null : items.get(items.size() - 1);
            TimelinePage page = new TimelinePage(items.stream().map(EntryDto::of).toList(),
                    more ? new PageCursor(last.occurredAt(), last.sequence(), last.id()).encode() : null);
            if (!items.isEmpty() || after != null) {
                return Uni.createFrom().item(page);
            }
            return queries.customerKnown(caller.tenantId(), customer).map(known -> {
                if (!known) {
                    throw ProblemException.notFound("timeline of customer " + customer);
                }
                return page;
            });
        });
    }

    @GET
    @Path("/entries/{entryId}")
    @Operation(summary = "One timeline entry")
    @APIResponse(responseCode = "404", description = "No such entry in the caller's tenant")
    public Uni<EntryDto> entry(@PathParam("customerId") String customerId, @PathParam("entryId") String entryId) {
        Caller caller = callerContext.current();
        UUID id = Params.uuid("entryId", entryId);
        return queries.entry(caller.tenantId(), customerId(customerId), id).map(row -> {
            if (row == null) {
                throw ProblemException.notFound("timeline entry " + id);
            }
            return EntryDto.of(row);
        });
    }

    // Entries are immutable: the three writes are declared only to answer 405 with a problem body that says why.
    private static final String ENTRY = "/entries/{entryId}";
    private static final String REFUSED = "Refused: timeline entries are immutable (comments are deleted on their own path)";

    @PUT @Path(ENTRY) @Operation(summary = REFUSED) @APIResponse(responseCode = "405", description = "Always")
    public void replace() {
        throw immutable();
    }

    @PATCH @Path(ENTRY) @Operation(summary = REFUSED) @APIResponse(responseCode = "405", description = "Always")
    public void edit() {
        throw immutable();
    }

    @DELETE @Path(ENTRY) @Operation(summary = REFUSED) @APIResponse(responseCode = "405", description = "Always")
    public void delete() {
        throw immutable();
    }

    static ProblemException immutable() {
        return new ProblemException(405, "Method Not Allowed",
                "timeline entries are immutable and cannot be edited or deleted; delete a comment through "
                        + "/api/v1/timelines/{customerId}/comments/{commentId}", null, null);
    }

    /** Customer ids are UUIDs; anything else cannot have a timeline. */
    static String customerId(String raw) {
        return Params.uuid("customerId", raw).toString();
    }

    private static List<String> types(List<String> raw) {
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (String part : raw) {
                for (String t : part.split(",")) {
                    String type = t.trim();
                    if (type.isEmpty()) {
                        continue;
                    }
                    if (type.length() > 128) {
                        throw ProblemException.invalid("types", "a type name is at most 128 characters");
                    }
                    out.add(type);
                }
            }
        }
        if (out.size() > MAX_TYPES) {
            throw ProblemException.invalid("types", "at most " + MAX_TYPES + " types");
        }
        return out;
    }

    private static Instant from(String raw) {
        return raw == null || raw.isBlank() ? null : parse("from", raw, false);
    }

    private static Instant toExclusive(String raw) {
        return raw == null || raw.isBlank() ? null : parse("to", raw, true);
    }

    /** A date means the whole UTC day; an instant is taken as given (a "to" instant is inclusive). */
    static Instant parse(String field, String raw, boolean upperBound) {
        try {
            if (raw.length() == 10) {
                LocalDate day = LocalDate.parse(raw);
                return (upperBound ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            Instant at = java.time.OffsetDateTime.parse(raw).toInstant();
            return upperBound ? at.plusNanos(1_000) : at;
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO date (2026-11-23) or date-time with offset");
        }
    }
}
