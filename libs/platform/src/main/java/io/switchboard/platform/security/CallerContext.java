package io.switchboard.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.switchboard.platform.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The one place a caller's tenant is read: the JWT's {@code tenant} claim for agents and admins, the key's
 * tenant for bots, the {@code X-Tenant-Id} header for internal service calls. Call {@link #current()} at the
 * start of a request, before going asynchronous.
 */
@ApplicationScoped
public class CallerContext {

    public static final String TENANT_CLAIM = "tenant";
    public static final String TENANT_ATTRIBUTE = "switchboard.tenant";

    private final SecurityIdentity identity;

    public CallerContext(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller current() {
        return of(identity);
    }

    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw ProblemException.unauthorized("credentials required");
        }
        String tenant = identity.getAttribute(TENANT_ATTRIBUTE);
        if (tenant == null && identity.getPrincipal() instanceof JsonWebToken jwt) {
            tenant = jwt.getClaim(TENANT_CLAIM);
        }
        if (tenant == null || tenant.isBlank()) {
            throw ProblemException.unauthorized("the credentials carry no tenant");
        }
        String id = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject() : identity.getPrincipal().getName();
        return new Caller(tenant, id, Set.copyOf(identity.getRoles()));
    }
}
