package io.switchboard.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import io.switchboard.platform.input.JsonPolicy;
import io.vertx.pgclient.PgException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as application/problem+json; unexpected ones are logged and answered 500 without details. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** 22P05 untranslatable_character (NUL in text or jsonb), 22021 character_not_in_repertoire. */
    private static final Set<String> UNSTORABLE_TEXT = Set.of("22P05", "22021");

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder builder = Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(e.problem());
        if (e.retryAfter() != null) {
            builder.header("Retry-After", Math.max(1, e.retryAfter().toSeconds()));
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(new Problem("about:blank", "Bad Request", 400, detail, errors));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            String field = path(jme);
            String message = e instanceof JsonPolicy.ControlCharacterException ? "must not contain control characters"
                    : e instanceof InvalidFormatException ? "invalid value"
                    : "wrong type or empty value";
            String detail = e instanceof JsonPolicy.ControlCharacterException ? field + ": " + message : jsonDetail(e);
            return respond(new Problem("about:blank", "Bad Request", 400, detail,
                    List.of(new Problem.FieldError(field, message))));
        }
        return respond(Problem.of(400, "Bad Request", jsonDetail(e)));
    }

    /** Wrong-typed values (a bad date, a string for a number): Quarkus's own mapper would answer plain JSON. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return respond(Problem.of(401, "Unauthorized", "valid credentials required"));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return respond(Problem.of(401, "Unauthorized", "valid credentials required"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "not allowed for your role"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (status == 400 && cause instanceof JsonProcessingException jpe) {
            return json(jpe);
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = status == 405 ? "this method is not allowed here"
                : status == 404 ? "no such resource"
                : e.getMessage();
        return respond(Problem.of(status, title, detail));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        if (e instanceof ProblemException p) {
            return problem(p);
        }
        if (e.getCause() instanceof ProblemException p) {
            return problem(p);
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // An empty, cut or malformed multipart body fails in the form parser before any method runs.
            if (t instanceof java.io.IOException io && io.getMessage() != null
                    && io.getMessage().toLowerCase(java.util.Locale.ROOT).contains("multipart")) {
                return respond(Problem.of(400, "Bad Request", "malformed multipart body"));
            }
            // The safety net under JsonPolicy: text PostgreSQL cannot store (NUL, an invalid character) is the
            // client's input, never a 500, whichever path it came in by.
            if (t instanceof PgException pg && UNSTORABLE_TEXT.contains(pg.getSqlState())) {
                return respond(Problem.of(400, "Bad Request", "a text value holds a character that cannot be stored"));
            }
        }
        LOG.error("unexpected error", e);
        return respond(Problem.of(500, "Internal Server Error", "unexpected error; it has been logged"));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String field(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // "create.body.text" → "text": drop the method and parameter segments of REST method validation.
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", List.of(parts).subList(2, parts.length)) : parts[parts.length - 1];
    }

    private static String jsonDetail(JsonProcessingException e) {
        if (e instanceof InvalidFormatException ife) {
            return "invalid value " + ife.getValue() + " for " + path(ife);
        }
        if (e instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
            return "wrong type for " + path(mie);
        }
        return "malformed JSON body";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
