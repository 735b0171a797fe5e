package io.switchboard.customer.service;

import io.switchboard.contracts.Change;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Collects what an update really changed (field → from/to), so customer.updated carries only that. */
final class ChangeSet {

    private final Map<String, Change<Object>> changes = new LinkedHashMap<>();

    /** Records the field if the value differs and answers the new value, to assign in one line. */
    <T> T set(String field, T from, T to) {
        if (!Objects.equals(from, to)) {
            changes.put(field, Change.of(from, to));
        }
        return to;
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }

    Map<String, Change<Object>> changes() {
        return changes;
    }
}
