package io.switchboard.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Service-to-service calls inside the cluster: a shared secret ({@code switchboard.internal.token}, a Secret in
 * Kubernetes) plus the tenant the call acts for. Gives the role SERVICE only; the ingress never routes internal
 * paths and the NetworkPolicies admit only the calling service.
 */
@ApplicationScoped
@Priority(3000)
public class InternalAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String TOKEN_HEADER = "X-Internal-Token";
    public static final String TENANT_HEADER = "X-Tenant-Id";
    public static final String SERVICE_HEADER = "X-Caller-Service";

    private final PlatformSecurityConfig config;

    public InternalAuthenticationMechanism(PlatformSecurityConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = context.request().getHeader(TOKEN_HEADER);
        if (token == null) {
            return Uni.createFrom().optional(Optional.empty());
        }
        String tenant = context.request().getHeader(TENANT_HEADER);
        if (!matches(token) || tenant == null || tenant.isBlank()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("bad internal credentials"));
        }
        String service = Optional.ofNullable(context.request().getHeader(SERVICE_HEADER)).orElse("service");
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(service))
                .addRole(Roles.SERVICE)
                .addAttribute(CallerContext.TENANT_ATTRIBUTE, tenant)
                .build());
    }

    private boolean matches(String token) {
        return config.internalToken()
                .map(expected -> MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
