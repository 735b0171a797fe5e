package io.switchboard.conversation.domain;

import java.util.Arrays;
import java.util.Optional;

/** The channels a contact can write from; the path segment is the lower-case name. */
public enum Channel {
    WEBCHAT, WHATSAPP, TELEGRAM, FACEBOOK, INSTAGRAM, EMAIL, SMS, API;

    public String wireName() {
        return name().toLowerCase();
    }

    public static Optional<Channel> parse(String value) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(value)).findFirst();
    }

    public static String allowed() {
        return String.join(", ", Arrays.stream(values()).map(Channel::wireName).toList());
    }
}
