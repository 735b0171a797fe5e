package io.switchboard.notification.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.notification.config.NotificationConfig;
import io.switchboard.notification.domain.WebhookAddressRule;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Vets a webhook URL against {@link WebhookAddressRule}, at registration and before every delivery: the host is
 * resolved, every address it resolves to must be public, and the delivery connects to the address vetted here
 * (never resolving again), so a name that answers differently the second time (DNS rebinding) cannot slip past.
 * Hosts listed in {@code webhooks.allowed-private-hosts} skip the address check and may use http: for tests and
 * the local runtime only.
 */
@ApplicationScoped
public class WebhookTargets {

    /** A target the rule refuses; its message says why (shown to the ADMIN, kept on the delivery). */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Where to send: the URL (for the Host header, SNI and certificate check) and the vetted address to connect to. */
    public record Vetted(URI uri, String host, int port, InetAddress address) {
    }

    private final HostResolver resolver;
    private final Vertx vertx;
    private final Set<String> allowedPrivate;

    public WebhookTargets(HostResolver resolver, Vertx vertx, NotificationConfig config) {
        this.resolver = resolver;
        this.vertx = vertx;
        this.allowedPrivate = config.webhooks().allowedPrivateHosts().orElse(List.of()).stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** Fails with {@link Refused} for a URL the rule refuses, or an {@link UnknownHostException}. */
    public Uni<Vetted> vet(String url) {
        URI uri;
        String host;
        boolean exempt;
        try {
            URI parsed = WebhookAddressRule.checkUrl(url, true);
            host = WebhookAddressRule.host(parsed);
            exempt = allowedPrivate.contains(host.toLowerCase(Locale.ROOT));
            uri = exempt ? parsed : WebhookAddressRule.checkUrl(url, false);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new Refused(e.getMessage()));
        }
        return vertx.executeBlocking(() -> resolver.resolve(host), false).map(addresses -> {
            if (addresses == null || addresses.length == 0) {
                throw new Refused("host " + host + " has no address");
            }
            if (!exempt) {
                for (InetAddress a : addresses) {
                    String why = WebhookAddressRule.refusal(a);
                    if (why != null) {
                        throw new Refused("host " + host + " resolves to " + a.getHostAddress() + " (" + why
                                + "): only public addresses are allowed");
                    }
                }
            }
            return new Vetted(uri, host, WebhookAddressRule.port(uri), addresses[0]);
        });
    }
}
