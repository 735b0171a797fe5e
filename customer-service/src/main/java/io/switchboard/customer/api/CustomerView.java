package io.switchboard.customer.api;

import io.switchboard.customer.domain.Customer;
import io.switchboard.customer.domain.ScheduledStatusChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A customer's profile as the API shows it (never the entity itself). */
public record CustomerView(UUID id, String displayName, String firstName, String lastName, String identification,
        List<String> emails, List<String> phones, String whatsapp, List<String> addresses, Map<String, Object> attributes,
        String channel, String externalId, OriginBody origin, int rating, String status,
        ScheduledStatusView scheduledStatusChange, String assigneeId, List<ListRef> lists, Instant createdAt,
        Instant updatedAt, Instant lastInteractionAt) {

    /** A list the customer is on. */
    public record ListRef(UUID id, String name) {
    }

    public record ScheduledStatusView(UUID id, String status, Instant effectiveAt) {
        public static ScheduledStatusView of(ScheduledStatusChange s) {
            return s == null ? null : new ScheduledStatusView(s.id, s.status.name(), s.effectiveAt);
        }
    }

    public static CustomerView of(Customer c, ScheduledStatusChange pending, List<ListRef> lists) {
        OriginBody origin = new OriginBody(c.originLocation, c.originFirstContactAt, c.originSite, c.originPageUrl,
                c.originReferrer, c.originIp, c.originMedium, c.originCampaign, c.originEntryMethod);
        return new CustomerView(c.id, c.displayName, c.firstName, c.lastName, c.identification, List.copyOf(c.emails),
                List.copyOf(c.phones), c.whatsapp, List.copyOf(c.addresses), Map.copyOf(c.attributes), c.channel,
                c.externalId, origin, c.rating, c.status.name(), ScheduledStatusView.of(pending), c.assigneeId, lists,
                c.createdAt, c.updatedAt, c.lastInteractionAt);
    }
}
