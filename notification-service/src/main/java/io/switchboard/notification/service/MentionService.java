package io.switchboard.notification.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.contracts.EventType;
import io.switchboard.contracts.TimelineEvents;
import io.switchboard.notification.domain.Counters;
import io.switchboard.notification.repository.CounterRepository;
import io.switchboard.notification.repository.NotificationRepository;
import io.switchboard.notification.ws.Frame;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * A mention becomes the agent's notification and a frame in its sequence, in the caller's transaction (on its
 * connection).
 */
@ApplicationScoped
public class MentionService {

    public static final String KIND = "mention";

    private final NotificationRepository notifications;
    private final CounterRepository counters;
    private final FrameLog frames;

    public MentionService(NotificationRepository notifications, CounterRepository counters, FrameLog frames) {
        this.notifications = notifications;
        this.counters = counters;
        this.frames = frames;
    }

    /** Returns the frame written (none for a mention already stored), to be pushed once committed. */
    public Uni<List<FrameLog.Written>> mentioned(SqlConnection connection, String tenant, UUID eventId,
            TimelineEvents.AgentMentioned m) {
        UUID id = UUID.randomUUID();
        String actorKind = m.actor() == null || m.actor().kind() == null ? null : m.actor().kind().name();
        String actorId = m.actor() == null ? null : m.actor().id();
        String excerpt = m.excerpt() == null || m.excerpt().length() <= 500 ? m.excerpt() : m.excerpt().substring(0, 500);
        return notifications.insert(connection, id, tenant, m.mentionedAgentId(), KIND, m.customerId(), m.commentId(), excerpt,
                actorKind, actorId, eventId).chain(stored -> {
                    if (!stored) {
                        return Uni.createFrom().item(List.<FrameLog.Written>of());
                    }
                    return Uni.combine().all().unis(counters.nextSequence(connection, tenant, m.mentionedAgentId()),
                                    counters.unassigned(connection, tenant)).asTuple()
                            .chain(t -> {
                                CounterRepository.AgentRow row = t.getItem1();
                                Frame.NotificationView view = new Frame.NotificationView(id.toString(), KIND, m.customerId(),
                                        m.commentId(), excerpt, OffsetDateTime.now(ZoneOffset.UTC).toString(), false);
                                Counters now = new Counters(row.unread(), row.openActivities(), t.getItem2());
                                return frames.append(connection, tenant, m.mentionedAgentId(),
                                        Frame.notification(row.sequence(), view), now, EventType.TIMELINE_AGENT_MENTIONED.typeName());
                            });
                });
    }
}
