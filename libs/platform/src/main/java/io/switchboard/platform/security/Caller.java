package io.switchboard.platform.security;

import io.switchboard.contracts.Actor;
import java.util.Set;

/** Who is calling and for which tenant. Every query filters by {@link #tenantId()}. */
public record Caller(String tenantId, String id, Set<String> roles) {

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    public boolean isAgent() {
        return roles.contains(Roles.AGENT) || isAdmin();
    }

    public boolean isBot() {
        return roles.contains(Roles.BOT);
    }

    /** The actor recorded on events: ADMIN outranks AGENT, bots are BOT. */
    public Actor actor() {
        if (isAdmin()) {
            return Actor.of(Actor.Kind.ADMIN, id);
        }
        if (roles.contains(Roles.AGENT)) {
            return Actor.of(Actor.Kind.AGENT, id);
        }
        if (isBot()) {
            return Actor.of(Actor.Kind.BOT, id);
        }
        return Actor.SYSTEM;
    }
}
