package io.switchboard.notification.domain;

/** An agent's counters as the console shows them (docs/INTERFACES.md). */
public record Counters(long unread, long openActivities, long unassigned) {
}
