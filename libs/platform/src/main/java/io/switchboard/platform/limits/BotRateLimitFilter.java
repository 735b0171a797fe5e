package io.switchboard.platform.limits;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.switchboard.platform.security.ApiKeyAuthenticationMechanism;
import io.switchboard.platform.security.Roles;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every request a bot makes to any endpoint of the service spends one token of its {@link BotRateLimit}: writes,
 * reads and its own management calls alike. Requests without {@code X-Api-Key} are not bots' and pass untouched;
 * a key that authenticates nobody is left to the endpoint's security check (401).
 */
public class BotRateLimitFilter {

    private final CurrentIdentityAssociation identities;
    private final BotRateLimit limit;

    public BotRateLimitFilter(CurrentIdentityAssociation identities, BotRateLimit limit) {
        this.identities = identities;
        this.limit = limit;
    }

    @ServerRequestFilter
    public Uni<Void> limitBots(HttpHeaders headers) {
        if (headers.getHeaderString(ApiKeyAuthenticationMechanism.HEADER) == null) {
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .chain(identity -> identity == null || !identity.getRoles().contains(Roles.BOT)
                        ? Uni.createFrom().voidItem()
                        : limit.take(identity.getPrincipal().getName()));
    }
}
