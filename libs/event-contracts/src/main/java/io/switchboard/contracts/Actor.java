package io.switchboard.contracts;

/** Who did it. {@code id} is the agent, bot or customer id; null for SYSTEM. */
public record Actor(Kind kind, String id) {
    public enum Kind { AGENT, ADMIN, BOT, CUSTOMER, SYSTEM }

    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, null);

    public static Actor of(Kind kind, String id) {
        return new Actor(kind, id);
    }
}
