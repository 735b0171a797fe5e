package io.switchboard.notification.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.notification.config.NotificationConfig;
import io.switchboard.notification.domain.WebhookSignature;
import io.switchboard.notification.repository.WebhookRepository;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Sends due webhook deliveries: POSTs signed per Standard Webhooks ({@link WebhookSignature}), retried with
 * exponential back-off, DEAD after the last try. Every replica polls; SKIP LOCKED claims keep them from sending the
 * same delivery at once. Delivery is at-least-once (a crash after the receiver's 2xx sends again): receivers
 * deduplicate by {@code webhook-id}, the delivery id.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final WebhookRepository webhooks;
    private final WebhookTargets targets;
    private final NotificationConfig.Webhooks config;
    private final Vertx vertx;
    private HttpClient client;
    private volatile boolean running;
    private long refreshTimer = -1;

    public WebhookDispatcher(WebhookRepository webhooks, WebhookTargets targets, NotificationConfig config, Vertx vertx) {
        this.webhooks = webhooks;
        this.targets = targets;
        this.config = config.webhooks();
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ignored) {
        client = vertx.createHttpClient();
        running = true;
        webhooks.refreshSubscribers().await().atMost(Duration.ofSeconds(10));
        refreshTimer = vertx.setPeriodic(1000, id -> webhooks.refreshSubscribers().subscribe()
                .with(ok -> { }, f -> LOG.debugf("webhook subscribers refresh failed: %s", f.toString())));
        schedule(config.pollInterval().toMillis());
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        vertx.cancelTimer(refreshTimer);
    }

    private void schedule(long delay) {
        if (running) {
            vertx.setTimer(Math.max(1, delay), id -> tick());
        }
    }

    private void tick() {
        // The lease outlives one attempt's timeout, so a claim never expires while its request is under way.
        Duration lease = config.timeout().multipliedBy(3);
        webhooks.claim(config.batchSize(), lease)
                .chain(due -> due.isEmpty() ? Uni.createFrom().item(0)
                        : Uni.join().all(due.stream().map(this::send).toList()).andCollectFailures().replaceWith(due.size()))
                .subscribe().with(n -> schedule(n >= config.batchSize() ? 0 : config.pollInterval().toMillis()), f -> {
                    LOG.warnf("webhook dispatch failed: %s", f.toString());
                    schedule(config.pollInterval().toMillis());
                });
    }

    /**
     * The URL is vetted again (it may predate the guard, and its name may resolve elsewhere now) and the request
     * goes to the vetted address, never following a redirect. A refused target is DEAD at once: the ADMIN sees why
     * in the delivery log and may replay it once the URL or its DNS is fixed.
     */
    private Uni<Void> send(WebhookRepository.Due d) {
        long now = System.currentTimeMillis() / 1000; // each attempt is signed anew: receivers reject stale timestamps
        return targets.vet(d.url())
                .chain(target -> client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(d.url())
                                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                                .setFollowRedirects(false)
                                .setIdleTimeout(config.timeout().toMillis())
                                .putHeader("Content-Type", "application/json")
                                .putHeader(WebhookSignature.ID_HEADER, d.id().toString())
                                .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                                .putHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(d.secret(), d.id().toString(), now, d.body()))
                                .putHeader(WebhookSignature.EVENT_HEADER, d.eventType()))
                        .chain(req -> req.send(Buffer.buffer(d.body())))
                        .ifNoItem().after(config.timeout()).fail()
                        .chain(resp -> resp.statusCode() / 100 == 2
                                ? webhooks.delivered(d.id(), resp.statusCode())
                                : failed(d, resp.statusCode(), "HTTP " + resp.statusCode())))
                .onFailure(WebhookTargets.Refused.class).recoverWithUni(f -> refused(d, f.getMessage()))
                .onFailure().recoverWithUni(f -> failed(d, null, f.toString()));
    }

    private Uni<Void> refused(WebhookRepository.Due d, String why) {
        LOG.warnf("webhook delivery %s refused: %s", d.id(), why);
        return webhooks.failed(d.id(), null, "refused: " + why, true, Duration.ZERO);
    }

    private Uni<Void> failed(WebhookRepository.Due d, Integer status, String error) {
        boolean dead = d.attempts() >= config.maxAttempts();
        return webhooks.failed(d.id(), status, error, dead, WebhookSignature.backoff(d.attempts(), config.backoff(), config.maxBackoff()));
    }

    /** For the API: how many attempts a delivery gets. */
    public int maxAttempts() {
        return config.maxAttempts();
    }

}
