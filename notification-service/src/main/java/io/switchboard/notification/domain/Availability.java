package io.switchboard.notification.domain;

/** What the agent says about taking new work (conversation-service auto-assigns ONLINE agents). */
public enum Availability {
    ONLINE, BUSY, OFFLINE
}
