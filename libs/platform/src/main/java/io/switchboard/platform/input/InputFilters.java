package io.switchboard.platform.input;

import io.switchboard.platform.error.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;

/**
 * What every matched request must satisfy before its method runs:
 * <ul>
 *   <li>path and query values hold no C0 control character other than tab, LF, CR (400 naming the parameter);</li>
 *   <li>a method that reads a JSON body (any body parameter that is not raw text or bytes) takes only
 *       {@code application/json} or {@code application/*+json}: any other type, or a body without a type, is 415.
 *       A request without a body and without a Content-Type is left to the method (an optional body).</li>
 * </ul>
 */
public class InputFilters {

    private static final Map<Method, Boolean> JSON_BODY = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void check(UriInfo uri, HttpHeaders headers, ResourceInfo resource) {
        controls(uri.getPathParameters(true));
        controls(uri.getQueryParameters(true));
        if (resource != null && readsJson(resource)) {
            String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
            if (type == null) {
                if (hasBody(headers)) {
                    throw ProblemException.unsupportedMediaType("a body must be sent as application/json");
                }
                return;
            }
            if (!isJson(type)) {
                throw ProblemException.unsupportedMediaType("Content-Type " + type.split(";")[0].trim()
                        + " is not accepted here; send application/json");
            }
        }
    }

    static boolean isJson(String contentType) {
        MediaType m;
        try {
            m = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return "application".equalsIgnoreCase(m.getType())
                && ("json".equalsIgnoreCase(m.getSubtype()) || m.getSubtype().toLowerCase().endsWith("+json"));
    }

    private static boolean hasBody(HttpHeaders headers) {
        String length = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !"0".equals(length.trim());
        }
        return headers.getHeaderString("Transfer-Encoding") != null;
    }

    private static void controls(MultivaluedMap<String, String> values) {
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            for (String v : e.getValue()) {
                if (v != null && JsonPolicy.hasControl(v)) {
                    throw ProblemException.invalid(e.getKey(), JsonPolicy.CONTROL_MESSAGE);
                }
            }
        }
    }

    private static boolean readsJson(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return false;
        }
        return JSON_BODY.computeIfAbsent(method, InputFilters::jsonBody);
    }

    /** A parameter bound to nothing in the request but the body, of a type JSON is read into. */
    private static boolean jsonBody(Method method) {
        Class<?>[] types = method.getParameterTypes();
        Annotation[][] annotations = method.getParameterAnnotations();
        for (int i = 0; i < types.length; i++) {
            if (bound(annotations[i]) || contextual(types[i])) {
                continue;
            }
            Class<?> t = types[i];
            return !(t == String.class || t == byte[].class || InputStream.class.isAssignableFrom(t)
                    || Reader.class.isAssignableFrom(t) || t.getName().startsWith("io.vertx."));
        }
        return false;
    }

    private static boolean bound(Annotation[] annotations) {
        for (Annotation a : annotations) {
            String name = a.annotationType().getName();
            if ((name.startsWith("jakarta.ws.rs.") && !name.equals("jakarta.ws.rs.Encoded"))
                    || name.startsWith("org.jboss.resteasy.reactive.")) {
                return true;
            }
        }
        return false;
    }

    private static boolean contextual(Class<?> type) {
        String name = type.getName();
        return name.startsWith("jakarta.ws.rs.") || name.startsWith("org.jboss.resteasy.reactive.")
                || name.startsWith("io.vertx.") || name.startsWith("io.quarkus.")
                || name.startsWith("io.smallrye.") || name.startsWith("jakarta.ws.rs.sse.");
    }
}
