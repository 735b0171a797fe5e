package io.switchboard.notification.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.notification.repository.NotificationRepository;
import io.switchboard.platform.error.Params;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.Roles;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The caller's own notifications (mentions); nobody reads or marks another agent's. */
@Path("/api/v1/agents/me/notifications")
@RolesAllowed({Roles.AGENT, Roles.ADMIN})
public class NotificationResource {

    public record NotificationView(String id, String kind, String customerId, String commentId, String excerpt,
            NotificationActor actor, String createdAt, String readAt, boolean read) {
    }

    public record NotificationActor(String kind, String id) {
    }

    public record NotificationPage(List<NotificationView> items, long unread) {
    }

    private final CurrentAgent current;
    private final NotificationRepository notifications;
    private final Pool pool;

    public NotificationResource(CurrentAgent current, NotificationRepository notifications, Pool pool) {
        this.current = current;
        this.pool = pool;
        this.notifications = notifications;
    }

    @GET
    @Operation(summary = "The caller's notifications (mentions), newest first, with the unread count")
    @APIResponse(responseCode = "400", description = "unreadOnly not true/false, or limit not 1 to 200")
    public Uni<NotificationPage> list(@QueryParam("unreadOnly") String unreadOnlyParam,
            @QueryParam("limit") String limitParam) {
        boolean unreadOnly = Params.bool("unreadOnly", unreadOnlyParam, false);
        int limit = Params.limit("limit", limitParam, 50, 200);
        return current.registered().chain(c -> Uni.combine().all().unis(notifications.list(pool, c.tenantId(), c.id(), unreadOnly, limit),
                        notifications.unread(pool, c.tenantId(), c.id()))
                .with((rows, unread) -> new NotificationPage(rows.stream().map(NotificationResource::view).toList(), unread)));
    }

    @POST
    @Path("/{id}/read")
    @Operation(summary = "Mark one of the caller's notifications read (idempotent)")
    @APIResponse(responseCode = "200", description = "The notification, read")
    @APIResponse(responseCode = "404", description = "The caller has no such notification")
    public Uni<NotificationView> markRead(@PathParam("id") String id) {
        UUID uuid = parse(id);
        return current.registered().chain(c -> notifications.markRead(pool, c.tenantId(), c.id(), uuid)
                .chain(found -> found ? notifications.find(pool, c.tenantId(), c.id(), uuid)
                        : Uni.createFrom().failure(ProblemException.notFound("notification"))))
                .map(NotificationResource::view);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("notification");
        }
    }

    static NotificationView view(NotificationRepository.NotificationRow r) {
        return new NotificationView(r.id().toString(), r.kind(), r.customerId(), r.commentId(), r.excerpt(),
                r.actorKind() == null ? null : new NotificationActor(r.actorKind(), r.actorId()),
                r.createdAt() == null ? null : r.createdAt().toString(), r.readAt() == null ? null : r.readAt().toString(),
                r.readAt() != null);
    }
}
