package io.switchboard.notification.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook deliveries the Standard Webhooks way (https://www.standardwebhooks.com, docs/webhooks.md), so
 * receivers can verify them with that project's libraries: {@code webhook-id} (the delivery's id, the same on
 * every retry and replay), {@code webhook-timestamp} (Unix seconds of this attempt) and {@code webhook-signature:
 * v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>}, where the key is the base64 after the
 * {@code whsec_} prefix of the webhook's secret.
 */
public final class WebhookSignature {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** Not part of the standard: the event type, so a receiver can route before parsing the body. */
    public static final String EVENT_HEADER = "X-Switchboard-Event";

    private static final String SECRET_PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code whsec_} + standard base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The {@code webhook-signature} value for one attempt. */
    public static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * The key bytes of a secret. Secrets made before the standard were written in the URL-safe alphabet without
     * padding: the same bytes, so they are read in either alphabet (docs/webhooks.md tells receivers how to convert).
     */
    static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded.replace('-', '+').replace('_', '/'));
    }

    /** Delay before attempt {@code attempts + 1}: base · 2^(attempts − 1), capped. */
    public static java.time.Duration backoff(int attempts, java.time.Duration base, java.time.Duration max) {
        long millis = base.toMillis() << Math.min(20, Math.max(0, attempts - 1));
        return java.time.Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    private WebhookSignature() {
    }
}
