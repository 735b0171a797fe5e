package io.switchboard.customer.api;

import java.time.Instant;
import java.util.UUID;

/** A row of the browse: what a list view shows, not the whole profile. */
public record CustomerSummary(UUID id, String displayName, String email, String phone, String status, int rating,
        String assigneeId, Instant createdAt, Instant updatedAt, Instant lastInteractionAt) {

    public record Page(java.util.List<CustomerSummary> items, String nextCursor) {
    }

    public record Neighbours(CustomerSummary previous, CustomerSummary next) {
    }
}
