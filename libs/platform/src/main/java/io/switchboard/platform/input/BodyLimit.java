package io.switchboard.platform.input;

import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.switchboard.platform.error.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A body announced larger than {@code quarkus.http.limits.max-body-size} is answered 413 with a problem+json body
 * (Quarkus's own check, one route later, answers an empty 413). Runs before any other route, before the body is
 * read; the connection is closed after the answer, as Quarkus does, so the rest of the body is not read.
 */
@ApplicationScoped
public class BodyLimit {

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
                rc.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .endHandler(v -> rc.request().connection().close())
                        .end(body);
                return;
            }
            rc.next();
        });
    }
}
