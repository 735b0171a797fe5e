package io.switchboard.platform.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.Actor;
import io.switchboard.contracts.ConversationEvents;
import io.switchboard.contracts.EventType;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.messaging.ProcessedEvents;
import io.switchboard.platform.security.Caller;
import io.switchboard.platform.security.CallerContext;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Drives the platform from a real request context, the way services use it. */
@Path("/test")
public class OutboxTestResource {

    public record NoteBody(@NotBlank @Size(max = 20) String text) {
    }

    private final Outbox outbox;
    private final ProcessedEvents processed;
    private final CallerContext callers;
    private final Pool pool;

    public OutboxTestResource(Outbox outbox, ProcessedEvents processed, CallerContext callers, Pool pool) {
        this.pool = pool;
        this.outbox = outbox;
        this.processed = processed;
        this.callers = callers;
    }

    /** Writes a note and its event in one transaction; {@code fail=true} fails after both writes. */
    @POST
    @Path("/notes/{id}")
    public Uni<String> write(@PathParam("id") UUID id, @QueryParam("fail") boolean fail) {
        return Panache.withTransaction(() -> {
            TestNote note = new TestNote();
            note.id = id;
            note.tenantId = "t1";
            note.text = "hello";
            note.eventSequence = 1;
            var state = new ConversationEvents.State("OPEN", null, false, false, false);
            return note.persist()
                    .chain(() -> outbox.append(EventType.CONVERSATION_READ, "t1", id.toString(), null, 1,
                            new ConversationEvents.Read(id.toString(), null, state, Actor.SYSTEM)))
                    .chain(eventId -> fail
                            ? Uni.createFrom().failure(ProblemException.conflict("rolled back on purpose"))
                            : Uni.createFrom().item(eventId.toString()));
        });
    }

    @GET
    @Path("/outbox/{aggregateId}")
    public Uni<Long> outboxRows(@PathParam("aggregateId") String aggregateId) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s
                .<Long>createNativeQuery("SELECT count(*) FROM outbox_events WHERE aggregateid = :a", Long.class)
                .setParameter("a", aggregateId).getSingleResult()));
    }

    @POST
    @Path("/claims/{eventId}")
    public Uni<Boolean> claim(@PathParam("eventId") UUID eventId) {
        return Panache.withTransaction(() -> processed.claim("test-consumer", eventId));
    }

    /** The batch claim: a comma-separated list of ids; answers the ids claimed for the first time. */
    @POST
    @Path("/claims")
    public Uni<Set<UUID>> claimAll(String ids) {
        List<UUID> parsed = Arrays.stream(ids.split(",")).map(UUID::fromString).toList();
        return pool.withTransaction(c -> processed.claimAll(c, "test-consumer", parsed));
    }

    /** Raw text straight to PostgreSQL, past the JSON policy: what the 22P05/22021 safety net is for. */
    @POST
    @Path("/raw-text")
    public Uni<String> rawText(String text) {
        return pool.preparedQuery("SELECT $1::text AS t").execute(io.vertx.mutiny.sqlclient.Tuple.of(text))
                .map(rows -> rows.iterator().next().getString("t"));
    }

    @POST
    @Path("/validated")
    public String validated(@Valid NoteBody body) {
        return body.text();
    }

    @GET
    @Path("/me")
    @RolesAllowed({"AGENT", "ADMIN", "BOT"})
    public Caller me() {
        return callers.current();
    }
}
