package io.switchboard.timeline.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.contracts.EventType;
import java.util.Optional;

/**
 * The one-line text an agent reads on each entry. One case per catalogued type (the switch is exhaustive,
 * so a new catalogue constant does not compile until it has its summary); unknown types get a generic line.
 */
public final class EntrySummaries {

    private static final int MAX = 500;

    public static String summarize(String typeName, JsonNode d) {
        Optional<EventType> known = EventType.fromTypeName(typeName);
        String text = known.map(t -> known(t, d)).orElseGet(() -> "Event " + typeName);
        return text.length() <= MAX ? text : text.substring(0, MAX - 1) + "…";
    }

    private static String known(EventType type, JsonNode d) {
        return switch (type) {
            case CONVERSATION_CREATED -> "Conversation started on " + s(d, "channel");
            case CONVERSATION_MESSAGE_CREATED -> switch (s(d, "direction")) {
                case "INCOMING" -> "Message from the customer";
                case "OUTGOING" -> "Reply by " + actor(d);
                default -> "System message";
            };
            case CONVERSATION_STATUS_CHANGED -> "Conversation status " + change(d, "status");
            case CONVERSATION_MARKED_UNREAD -> "Conversation marked unread by " + actor(d);
            case CONVERSATION_READ -> "Conversation read by " + actor(d);
            case CONVERSATION_ASSIGNED -> "Conversation assigned " + change(d, "assignee");
            case CONVERSATION_UNASSIGNED -> "Conversation unassigned from " + s(d, "previousAssigneeId");
            case CONVERSATION_CHATBOT_ACTIVATED -> "Chatbot activated";
            case CONVERSATION_CHATBOT_DEACTIVATED -> "Chatbot deactivated";
            case CONVERSATION_ACTIVITY_OPENED -> "Activity opened";
            case CONVERSATION_ACTIVITY_COMPLETED -> "Activity completed by " + actor(d);
            case CONVERSATION_SCHEDULED_MESSAGE_CREATED -> "Message scheduled for " + s(d, "sendAt");
            case CONVERSATION_SCHEDULED_MESSAGE_SENT -> "Scheduled message sent";
            case CONVERSATION_SCHEDULED_MESSAGE_CANCELLED -> "Scheduled message cancelled";
            case BOT_CREATED -> "Bot created: " + s(d, "name");
            case BOT_DELETED -> "Bot deleted";
            case CUSTOMER_CREATED -> "Customer created" + (d.path("origin").hasNonNull("entryMethod")
                    ? " via " + d.path("origin").path("entryMethod").asText() : "");
            case CUSTOMER_UPDATED -> "Customer updated: " + String.join(", ", (Iterable<String>) () -> d.path("changes").fieldNames());
            case CUSTOMER_ASSIGNED -> (d.path("assignee").hasNonNull("from") ? "Customer reassigned " : "Customer assigned ")
                    + change(d, "assignee");
            case CUSTOMER_UNASSIGNED -> "Customer unassigned from " + s(d, "previousAssigneeId");
            case CUSTOMER_RATING_CHANGED -> "Rating " + change(d, "rating");
            case CUSTOMER_STATUS_CHANGED -> "Status " + change(d, "status");
            case CUSTOMER_STATUS_CHANGE_SCHEDULED -> "Status change to " + s(d, "status") + " scheduled for " + s(d, "effectiveAt");
            case CUSTOMER_STATUS_CHANGE_CANCELLED -> "Scheduled status change to " + s(d, "status") + " cancelled";
            case CUSTOMER_ADDED_TO_LIST -> "Added to list " + s(d, "listName");
            case CUSTOMER_REMOVED_FROM_LIST -> "Removed from list " + s(d, "listName");
            case CUSTOMER_DEAL_CREATED -> "Deal created: " + s(d, "title");
            case CUSTOMER_DEAL_STAGE_CHANGED -> "Deal " + s(d, "title") + " moved " + change(d, "stage");
            case CUSTOMER_SALE_CREATED -> "Sale of " + s(d, "amount") + " " + s(d, "currency");
            case CUSTOMER_RELATED_LINKED -> "Related customer linked (" + s(d, "relation") + ")";
            case CUSTOMER_RELATED_UNLINKED -> "Related customer unlinked (" + s(d, "relation") + ")";
            case TIMELINE_NOTE_CREATED -> "Note by " + actor(d);
            case TIMELINE_ORDER_NOTE_CREATED -> "Order note by " + actor(d);
            case TIMELINE_COMMENT_DELETED -> "Comment deleted by " + actor(d);
            case TIMELINE_AGENT_MENTIONED -> "Agent " + s(d, "mentionedAgentId") + " mentioned";
            case TIMELINE_CALL_LOGGED -> switch (s(d, "direction")) {
                case "INCOMING" -> "Incoming call" + duration(d);
                case "OUTGOING" -> "Outgoing call" + duration(d);
                default -> "Missed call";
            };
            case TIMELINE_EMAIL_CAMPAIGN_SENT -> "E-mail campaign sent: " + s(d, "campaignName");
            case TIMELINE_ACTIVITY_LOGGED -> d.hasNonNull("title") ? d.path("title").asText() : "Activity " + s(d, "kind");
            case AGENT_REGISTERED, AGENT_AVAILABILITY_CHANGED, AGENT_COUNTERS_CHANGED -> "Agent event " + type.typeName();
        };
    }

    private static String s(JsonNode d, String field) {
        JsonNode v = d.path(field);
        return v.isMissingNode() || v.isNull() ? "—" : v.asText();
    }

    private static String change(JsonNode d, String field) {
        JsonNode c = d.path(field);
        return s(c, "from") + " → " + s(c, "to");
    }

    private static String actor(JsonNode d) {
        JsonNode a = d.path("actor");
        String kind = s(a, "kind");
        return a.hasNonNull("id") ? kind + " " + a.path("id").asText() : kind;
    }

    private static String duration(JsonNode d) {
        return d.hasNonNull("durationSeconds") ? " (" + d.path("durationSeconds").asInt() + " s)" : "";
    }

    private EntrySummaries() {
    }
}
