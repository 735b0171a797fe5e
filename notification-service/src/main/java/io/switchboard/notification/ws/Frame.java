package io.switchboard.notification.ws;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.switchboard.notification.domain.Counters;

/**
 * A frame on the agent WebSocket (docs/INTERFACES.md). Built in one place; counters and notification frames are
 * stored in the change log as the exact text sent, so a resumed client receives the same bytes a live one did.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Frame(String type, Long sequence, Counters counters, Cause cause, NotificationView notification) {

    public record Cause(String type, String conversationId) {
    }

    public record NotificationView(String id, String kind, String customerId, String commentId, String excerpt,
            String createdAt, boolean read) {
    }

    public static Frame snapshot(long sequence, Counters counters) {
        return new Frame("snapshot", sequence, counters, null, null);
    }

    public static Frame counters(long sequence, Counters counters, Cause cause) {
        return new Frame("counters", sequence, counters, cause, null);
    }

    public static Frame notification(long sequence, NotificationView notification) {
        return new Frame("notification", sequence, null, null, notification);
    }

    public static final String HEARTBEAT = "{\"type\":\"heartbeat\"}";
}
