package io.switchboard.timeline.domain;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A note on a customer (an order note when {@code dealId} is set). {@code text} is null once deleted. */
public record Comment(UUID id, String tenantId, String customerId, UUID dealId, String text, List<String> mentions,
        List<UUID> attachmentIds, String authorKind, String authorId, OffsetDateTime createdAt,
        OffsetDateTime deletedAt, String deletedByKind, String deletedById) {
}
