package io.switchboard.notification;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A bot's endpoint inside the test app: answers 503 for its first N calls ("down for a while"), then 200. */
@Path("/test-receiver")
public class WebhookReceiverResource {

    record Received(String body, String deliveryId, String event, String signature, int status) {
    }

    static final Map<String, AtomicInteger> FAILURES_LEFT = new ConcurrentHashMap<>();
    static final Map<String, List<Received>> CALLS = new ConcurrentHashMap<>();

    @POST
    @Path("/{name}")
    public Response receive(@PathParam("name") String name, String body,
            @HeaderParam("X-Switchboard-Delivery") String delivery, @HeaderParam("X-Switchboard-Event") String event,
            @HeaderParam("X-Switchboard-Signature") String signature) {
        AtomicInteger left = FAILURES_LEFT.computeIfAbsent(name, k -> new AtomicInteger());
        int status = left.getAndDecrement() > 0 ? 503 : 200;
        CALLS.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(new Received(body, delivery, event, signature, status));
        return Response.status(status).build();
    }
}
