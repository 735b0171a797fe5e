package io.switchboard.platform.error;

import java.util.UUID;

/** Request values that arrive as text (path and query parameters): a bad one is a 400 naming the field. */
public final class Params {

    public static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "must be a UUID");
        }
    }

    private Params() {
    }
}
