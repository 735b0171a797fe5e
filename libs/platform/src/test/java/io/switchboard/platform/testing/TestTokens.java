package io.switchboard.platform.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

/** Mints tokens the services accept in the test profile (the dev key pair under deploy/dev-keys). */
public final class TestTokens {

    private static PrivateKey key;

    public static String agent(String tenant, String user) {
        return mint(tenant, user, "AGENT");
    }

    public static String admin(String tenant, String user) {
        return mint(tenant, user, "ADMIN");
    }

    public static String mint(String tenant, String user, String... roles) {
        return sign(Jwt.issuer("switchboard-dev").subject(user).upn(user).groups(Set.of(roles)).claim("tenant", tenant)
                .expiresIn(Duration.ofHours(1)));
    }

    /** Any claims signed with the dev key: for tokens that are genuine but wrong (expired, another issuer, no tenant). */
    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().sign(privateKey());
    }

    private static synchronized PrivateKey privateKey() {
        if (key == null) {
            try {
                key = KeyUtils.decodePrivateKey(Files.readString(devKeys().resolve("private.pem")));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the dev private key", e);
            }
        }
        return key;
    }

    /** deploy/dev-keys, found by walking up from the module's directory. */
    public static Path devKeys() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("deploy/dev-keys");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("deploy/dev-keys not found above " + Path.of("").toAbsolutePath());
    }

    private TestTokens() {
    }
}
