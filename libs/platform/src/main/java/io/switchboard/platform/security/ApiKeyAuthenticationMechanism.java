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
import java.util.Set;

/**
 * {@code X-Api-Key} for bots and channel integrations. No header: not ours, the JWT mechanism may try.
 * A header that matches no live key: 401.
 */
@ApplicationScoped
@Priority(2000)
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String HEADER = "X-Api-Key";

    private final ApiKeys apiKeys;

    public ApiKeyAuthenticationMechanism(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String key = context.request().getHeader(HEADER);
        if (key == null) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        return apiKeys.find(key).map(found -> found
                .<SecurityIdentity>map(bot -> QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(bot.botId()))
                        .addRole(Roles.BOT)
                        .addAttribute(CallerContext.TENANT_ATTRIBUTE, bot.tenantId())
                        .build())
                .orElseThrow(() -> new AuthenticationFailedException("unknown or deleted API key")));
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
