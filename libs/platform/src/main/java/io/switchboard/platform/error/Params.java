package io.switchboard.platform.error;

import java.util.UUID;

/**
 * Request values that arrive as text (path and query parameters): a bad one is a 400 naming the field. The one
 * way every service reads a UUID, a page size, a whole number or a boolean from a query string; declare such a
 * parameter as {@code String} and read it here (a JAX-RS {@code int} or {@code boolean} parameter turns "maybe"
 * into false and "abc" into a 404).
 */
public final class Params {

    public static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.invalid(field, "must be a UUID");
        }
    }

    /** A page size: absent is {@code defaultValue}; otherwise a whole number from 1 to {@code max}. */
    public static int limit(String field, String value, int defaultValue, int max) {
        if (value == null) {
            return defaultValue;
        }
        long n = wholeOrNull(value);
        if (n < 1 || n > max) {
            throw ProblemException.invalid(field, "must be a whole number from 1 to " + max);
        }
        return (int) n;
    }

    /** Absent is null; otherwise a whole number from {@code min} to {@code max}. */
    public static Integer integer(String field, String value, int min, int max) {
        if (value == null) {
            return null;
        }
        long n = wholeOrNull(value);
        if (n < min || n > max) {
            throw ProblemException.invalid(field, "must be a whole number from " + min + " to " + max);
        }
        return (int) n;
    }

    /** Absent is {@code defaultValue}; otherwise exactly {@code true} or {@code false}. */
    public static boolean bool(String field, String value, boolean defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.invalid(field, "must be true or false");
        };
    }

    /** A cursor: absent or blank is none; otherwise decoded by the service, which refuses one it did not issue. */
    public static String cursor(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static long wholeOrNull(String value) {
        if (value.isEmpty() || value.length() > 12 || !value.matches("-?[0-9]+")) {
            return Long.MIN_VALUE;
        }
        return Long.parseLong(value);
    }

    private Params() {
    }
}
