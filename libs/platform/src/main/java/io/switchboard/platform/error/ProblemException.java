package io.switchboard.platform.error;

import java.time.Duration;
import java.util.List;

/** A domain or input failure answered as problem+json with its HTTP status; never a 500. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Duration retryAfter;

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors;
        this.retryAfter = retryAfter;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail, null, null);
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(400, "Bad Request", field + ": " + message,
                List.of(new Problem.FieldError(field, message)), null);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail, null, null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail, null, null);
    }

    /** Also for another tenant's resource: it does not exist for this caller. */
    public static ProblemException notFound(String what) {
        return new ProblemException(404, "Not Found", what + " not found", null, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, null, null);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "Content Too Large", detail, null, null);
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(415, "Unsupported Media Type", detail, null, null);
    }

    public static ProblemException tooManyRequests(Duration retryAfter) {
        return new ProblemException(429, "Too Many Requests", "rate limit exceeded; retry after "
                + Math.max(1, retryAfter.toSeconds()) + " s", null, retryAfter);
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "Service Unavailable", detail, null, Duration.ofSeconds(1));
    }

    public int status() {
        return status;
    }

    public Problem problem() {
        return new Problem("about:blank", title, status, getMessage(), errors);
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
