package io.switchboard.notification;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A bot's endpoint inside the test app: answers 503 for its first N calls ("down for a while"), then 200. */
@Path("/test-receiver")
public class WebhookReceiverResource {

    /** One call as it arrived: the body's exact bytes and the Standard Webhooks headers. */
    record Received(byte[] raw, String id, String timestamp, String signature, String event, int status) {
        String body() {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    static final Map<String, AtomicInteger> FAILURES_LEFT = new ConcurrentHashMap<>();
    static final Map<String, List<Received>> CALLS = new ConcurrentHashMap<>();

    @POST
    @Path("/{name}")
    public Response receive(@PathParam("name") String name, byte[] body, @HeaderParam("webhook-id") String id,
            @HeaderParam("webhook-timestamp") String timestamp, @HeaderParam("webhook-signature") String signature,
            @HeaderParam("X-Switchboard-Event") String event) {
        AtomicInteger left = FAILURES_LEFT.computeIfAbsent(name, k -> new AtomicInteger());
        int status = left.getAndDecrement() > 0 ? 503 : 200;
        CALLS.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(new Received(body, id, timestamp, signature, event, status));
        return Response.status(status).build();
    }
}
