package io.switchboard.notification.ws;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.switchboard.platform.security.CallerContext;
import io.switchboard.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Browsers cannot set headers on a WebSocket, so the agent's JWT comes as {@code ?access_token=}; it is verified
 * here, before the upgrade, and a missing or invalid token is answered 401 with no socket ever opened.
 */
@ApplicationScoped
public class TokenUpgradeCheck implements HttpUpgradeCheck {

    static final String TOKEN_PARAM = "access_token";
    static final String SINCE_PARAM = "since";
    static final UserData.TypedKey<Long> SINCE = UserData.TypedKey.forLong("switchboard.since");

    private final JWTParser parser;

    public TokenUpgradeCheck(JWTParser parser) {
        this.parser = parser;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return endpointId.equals(AgentSocket.class.getName());
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String token = context.httpRequest().getParam(TOKEN_PARAM);
        if (token == null || token.isBlank()) {
            String auth = context.httpRequest().getHeader("Authorization"); // non-browser clients may send it
            token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        }
        if (token == null || token.isBlank()) {
            return reject();
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            return reject();
        }
        String tenant = jwt.getClaim(CallerContext.TENANT_CLAIM);
        Set<String> groups = jwt.getGroups() == null ? Set.of() : jwt.getGroups();
        if (tenant == null || tenant.isBlank() || jwt.getSubject() == null
                || !(groups.contains(Roles.AGENT) || groups.contains(Roles.ADMIN))) {
            return reject();
        }
        String since = context.httpRequest().getParam(SINCE_PARAM);
        if (since != null) {
            try {
                long n = Long.parseLong(since);
                if (n < 0) {
                    return CheckResult.rejectUpgrade(400);
                }
                context.userData().put(SINCE, n);
            } catch (NumberFormatException e) {
                return CheckResult.rejectUpgrade(400);
            }
        }
        Object name = jwt.getClaim("name");
        context.userData().put(AgentIdentity.KEY, new AgentIdentity(tenant, jwt.getSubject(),
                name == null ? null : name.toString(), jwt.getClaim("email"), Set.copyOf(groups)));
        return CheckResult.permitUpgrade();
    }

    private static Uni<CheckResult> reject() {
        return CheckResult.rejectUpgrade(401, Map.of("WWW-Authenticate", List.of("Bearer")));
    }
}
