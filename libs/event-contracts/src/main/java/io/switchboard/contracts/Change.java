package io.switchboard.contracts;

/** What an update changed: from → to. Either side may be null (set for the first time, removed). */
public record Change<T>(T from, T to) {
    public static <T> Change<T> of(T from, T to) {
        return new Change<>(from, to);
    }
}
