package io.switchboard.timeline.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One entry of a customer's timeline, as projected from one event. {@code id} is the event id, so replaying
 * the topics into fresh tables yields identical rows. {@code commentId} is set on note entries only.
 */
public record TimelineEntry(UUID id, String tenantId, String customerId, String type, String aggregateId,
        long sequence, String source, OffsetDateTime occurredAt, String actorKind, String actorId, String summary,
        String data, boolean comment, UUID commentId) {
}
