package io.switchboard.contracts;

import java.time.Instant;
import java.util.List;

/** Data of {@code timeline.*} events (aggregate: customer, key: customer id): what the timeline itself records. */
public final class TimelineEvents {

    /** A note on the customer, or an order note when {@code dealId} is set. */
    public record CommentCreated(String customerId, String commentId, String dealId, String text,
            List<String> mentionedAgentIds, List<String> attachmentIds, Actor actor) {
    }

    public record CommentDeleted(String customerId, String commentId, Actor actor) {
    }

    public record AgentMentioned(String customerId, String commentId, String mentionedAgentId, String excerpt,
            Actor actor) {
    }

    /** direction: INCOMING, OUTGOING, MISSED. */
    public record CallLogged(String customerId, String callId, String direction, Integer durationSeconds,
            String fromNumber, String toNumber, Instant occurredAt, Actor actor) {
    }

    public record EmailCampaignSent(String customerId, String campaignId, String campaignName, String statsUrl,
            Instant occurredAt, Actor actor) {
    }

    /** An integration's own entry type (kind is free, e.g. "invoice_paid"). */
    public record ActivityLogged(String customerId, String activityId, String kind, String title, String body,
            String link, Instant occurredAt, Actor actor) {
    }

    private TimelineEvents() {
    }
}
