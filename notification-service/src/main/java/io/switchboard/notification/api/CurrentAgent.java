package io.switchboard.notification.api;

import io.smallrye.mutiny.Uni;
import io.switchboard.notification.service.AgentDirectory;
import io.switchboard.platform.security.Caller;
import io.switchboard.platform.security.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The calling agent; its first authenticated request registers it in the directory (first sign-in). */
@RequestScoped
public class CurrentAgent {

    private final CallerContext callers;
    private final JsonWebToken jwt;
    private final AgentDirectory directory;

    public CurrentAgent(CallerContext callers, JsonWebToken jwt, AgentDirectory directory) {
        this.callers = callers;
        this.jwt = jwt;
        this.directory = directory;
    }

    /** Call at the start of a resource method, before going asynchronous. */
    public Uni<Caller> registered() {
        Caller caller = callers.current();
        Object name = jwt.getClaim("name");
        return directory.ensureRegistered(caller.tenantId(), caller.id(), name == null ? null : name.toString(),
                jwt.getClaim("email"), caller.roles()).replaceWith(caller);
    }
}
