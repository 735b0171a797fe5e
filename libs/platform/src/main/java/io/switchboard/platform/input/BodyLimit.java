package io.switchboard.platform.input;

import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.switchboard.platform.error.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A body announced larger than {@code quarkus.http.limits.max-body-size} is answered 413 with a problem+json body
 * (Quarkus's own check, one route later, answers an empty 413). Runs before any other route, before the body is
 * read; the rest of the body is then read and discarded (up to {@link #DRAIN_LIMIT}, past that the connection is
 * closed).
 */
@ApplicationScoped
public class BodyLimit {

    /** How much of a refused body is read and discarded before the connection is closed instead. */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    static final String DETAIL = "the body is larger than this service accepts (%d bytes at most)";

    void install(@Observes Router router) {
        long max = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", String.class)
                .map(s -> new MemorySizeConverter().convert(s).asLongValue())
                .orElse(10L * 1024 * 1024);
        String body = "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,\"detail\":\""
                + String.format(DETAIL, max) + "\"}";
        router.route().order(-3).handler(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long n;
            try {
                n = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n > max) {
                // Answer at once, then read the rest of the body and throw it away, so that a client that sends
                // the whole body before reading (most do, unless they asked Expect: 100-continue) gets the
                // answer instead of a broken pipe. Past a bound, the connection is simply closed.
                HttpServerRequest request = rc.request();
                long[] drained = {0};
                request.handler(buffer -> {
                    drained[0] += buffer.length();
                    if (drained[0] > DRAIN_LIMIT) {
                        request.connection().close();
                    }
                });
                request.endHandler(v -> { });
                request.resume();
                rc.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .end(body);
                return;
            }
            rc.next();
        });
    }
}
