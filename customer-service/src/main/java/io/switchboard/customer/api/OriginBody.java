package io.switchboard.customer.api;

import io.switchboard.contracts.CustomerEvents;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** Where a lead came from (seed 003's origin data). Every field is optional. */
public record OriginBody(
        @Size(max = 200) String location,
        Instant firstContactAt,
        @Size(max = 255) String site,
        @Size(max = 2048) String pageUrl,
        @Size(max = 2048) String referrer,
        @Size(max = 64) @Pattern(regexp = IP, message = "must be an IPv4 or IPv6 address") String ip,
        @Size(max = 100) String medium,
        @Size(max = 200) String campaign,
        @Pattern(regexp = ENTRY_METHOD, message = "must be an upper-case token such as CHATBOT, API, FORM")
        String entryMethod) {

    public static final String IP = "^[0-9A-Fa-f:.]{2,64}$";
    public static final String ENTRY_METHOD = "^[A-Z][A-Z0-9_]{0,39}$";

    /**
     * Origin captured by a channel or bot (identify): never a reason to refuse a customer's message, so values
     * are fitted instead of rejected — trimmed to the column sizes, the entry method upper-cased into a token,
     * an IP that is not one dropped.
     */
    public OriginBody fitted() {
        String method = entryMethod == null ? null
                : entryMethod.trim().toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
        if (method != null && !method.matches("^[A-Z].*")) {
            method = null;
        }
        return new OriginBody(cut(location, 200), firstContactAt, cut(site, 255), cut(pageUrl, 2048), cut(referrer, 2048),
                ip != null && ip.trim().matches(IP) ? ip.trim() : null, cut(medium, 100), cut(campaign, 200), cut(method, 40));
    }

    private static String cut(String s, int max) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim();
        return t.length() > max ? t.substring(0, max) : t;
    }

    public CustomerEvents.Origin toEvent() {
        return new CustomerEvents.Origin(location, firstContactAt, site, pageUrl, referrer, ip, medium, campaign, entryMethod);
    }
}
