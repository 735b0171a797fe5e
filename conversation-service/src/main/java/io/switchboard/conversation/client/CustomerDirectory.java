package io.switchboard.conversation.client;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.config.CustomerServiceConfig;
import io.switchboard.platform.error.ProblemException;
import io.switchboard.platform.security.PlatformSecurityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/** Finds or creates the customer behind a contact, through customer-service. */
@ApplicationScoped
public class CustomerDirectory {

    private static final Logger LOG = Logger.getLogger(CustomerDirectory.class);

    private final CustomerServiceConfig config;
    private final PlatformSecurityConfig security;
    private volatile CustomerServiceClient client;

    public CustomerDirectory(CustomerServiceConfig config, PlatformSecurityConfig security) {
        this.config = config;
        this.security = security;
    }

    public Uni<UUID> identify(String tenantId, CustomerServiceClient.IdentifyRequest request) {
        String token = security.internalToken()
                .orElseThrow(() -> ProblemException.unavailable("switchboard.internal.token is not configured"));
        return client().identify(token, tenantId, "conversation-service", request)
                .ifNoItem().after(config.timeout()).failWith(() -> ProblemException.unavailable("customer-service timed out"))
                .map(r -> UUID.fromString(r.customerId()))
                .onFailure(f -> !(f instanceof ProblemException)).transform(CustomerDirectory::problem);
    }

    private static ProblemException problem(Throwable failure) {
        if (failure instanceof WebApplicationException wae && wae.getResponse().getStatus() == 400) {
            return ProblemException.badRequest("customer-service refused the contact: " + wae.getMessage());
        }
        LOG.warnf("customer-service identify failed: %s", failure.toString());
        return ProblemException.unavailable("customer-service is unavailable");
    }

    /**
     * Built on first use, not at start: the URL is read when the first contact arrives, so the test profile can
     * point it at the test server's own random port ({@code ${quarkus.http.test-port}}, known only once bound).
     */
    private CustomerServiceClient client() {
        CustomerServiceClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    String url = ConfigProvider.getConfig().getOptionalValue("switchboard.customer-service.url", String.class)
                            .orElse(config.url());
                    client = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url))
                            .connectTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                            .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                            .build(CustomerServiceClient.class);
                }
                c = client;
            }
        }
        return c;
    }
}
