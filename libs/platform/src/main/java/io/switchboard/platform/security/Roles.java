package io.switchboard.platform.security;

/** Role names as they appear in the JWT {@code groups} claim and in {@code @RolesAllowed}. */
public final class Roles {
    public static final String ADMIN = "ADMIN";
    public static final String AGENT = "AGENT";
    /** A bot or channel integration authenticated by API key. */
    public static final String BOT = "BOT";
    /** Another Switchboard service calling an internal path. */
    public static final String SERVICE = "SERVICE";

    private Roles() {
    }
}
