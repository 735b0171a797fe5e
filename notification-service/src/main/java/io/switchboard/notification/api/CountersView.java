package io.switchboard.notification.api;

import io.switchboard.notification.domain.Counters;

/** {@code GET /api/v1/agents/me/counters}: the same numbers and sequence a socket's snapshot carries. */
public record CountersView(long sequence, Counters counters) {
}
