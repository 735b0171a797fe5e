package io.switchboard.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** Data of {@code customer.*} events (aggregate: customer, key: customer id). Deals and lists are part of it. */
public final class CustomerEvents {

    /** Where a lead came from (Cliengo's origin data). Any field may be null. */
    public record Origin(String location, Instant firstContactAt, String site, String pageUrl, String referrer,
            String ip, String medium, String campaign, String entryMethod) {
    }

    public record Created(String customerId, String displayName, String email, String phone, String channel,
            String externalId, Origin origin, Actor actor) {
    }

    /** changes: field name → from/to, only the fields that changed. */
    public record Updated(String customerId, Map<String, Change<Object>> changes, Actor actor) {
    }

    /** A reassignment is an assignment whose {@code assignee.from} is not null. */
    public record Assigned(String customerId, Change<String> assignee, Actor actor) {
    }

    public record Unassigned(String customerId, String previousAssigneeId, Actor actor) {
    }

    public record RatingChanged(String customerId, Change<Integer> rating, Actor actor) {
    }

    /** status values: NEW, IN_PROGRESS, SALE, NO_SALE. */
    public record StatusChanged(String customerId, Change<String> status, String scheduledChangeId, Actor actor) {
    }

    public record StatusChangeScheduled(String customerId, String scheduledChangeId, String status,
            Instant effectiveAt, Actor actor) {
    }

    public record StatusChangeCancelled(String customerId, String scheduledChangeId, String status,
            Instant effectiveAt, Actor actor) {
    }

    public record ListMembershipChanged(String customerId, String listId, String listName, Actor actor) {
    }

    public record DealCreated(String customerId, String dealId, String title, String stage, BigDecimal amount,
            String currency, Actor actor) {
    }

    public record DealStageChanged(String customerId, String dealId, String title, Change<String> stage, Actor actor) {
    }

    public record SaleCreated(String customerId, String dealId, String saleId, BigDecimal amount, String currency,
            Actor actor) {
    }

    public record RelationChanged(String customerId, String relatedCustomerId, String relation, Actor actor) {
    }

    /** Last interaction moved (from conversation events); no timeline entry of its own. */
    public record InteractionRecorded(String customerId, String channel, Instant at) {
    }

    private CustomerEvents() {
    }
}
