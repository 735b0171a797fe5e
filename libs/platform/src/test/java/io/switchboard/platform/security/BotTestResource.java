package io.switchboard.platform.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** A bot's read, the cheapest request a bot can make: rate-limited all the same. */
@Path("/test/whoami")
public class BotTestResource {

    private final CallerContext callers;

    public BotTestResource(CallerContext callers) {
        this.callers = callers;
    }

    @GET
    @RolesAllowed({Roles.BOT, Roles.AGENT})
    public String whoami() {
        return callers.current().id();
    }
}
