package io.switchboard.timeline.domain;

import java.time.Instant;
import java.util.List;

/** What a timeline page is restricted to; {@code to} is exclusive. Empty {@code types} means all types. */
public record TimelineFilter(List<String> types, boolean onlyComments, Instant from, Instant to) {
}
