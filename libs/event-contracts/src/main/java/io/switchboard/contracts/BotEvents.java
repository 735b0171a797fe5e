package io.switchboard.contracts;

/** Data of {@code bot.*} events: lets other services accept a bot's API key without calling back. */
public final class BotEvents {

    /** keyHash: hex SHA-256 of the API key; the key itself never leaves conversation-service. */
    public record Created(String botId, String name, String keyHash, Actor actor) {
    }

    public record Deleted(String botId, Actor actor) {
    }

    private BotEvents() {
    }
}
