package io.switchboard.notification.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs webhook bodies: {@code X-Switchboard-Signature: sha256=<hex HMAC-SHA256(secret, body)>}. */
public final class WebhookSignature {

    public static final String HEADER = "X-Switchboard-Signature";
    public static final String DELIVERY_HEADER = "X-Switchboard-Delivery";
    public static final String EVENT_HEADER = "X-Switchboard-Event";

    private static final SecureRandom RANDOM = new SecureRandom();

    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Delay before attempt {@code attempts + 1}: base · 2^(attempts − 1), capped. */
    public static java.time.Duration backoff(int attempts, java.time.Duration base, java.time.Duration max) {
        long millis = base.toMillis() << Math.min(20, Math.max(0, attempts - 1));
        return java.time.Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    private WebhookSignature() {
    }
}
