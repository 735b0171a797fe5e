package io.switchboard.platform.security;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

@ConfigMapping(prefix = "switchboard.internal")
public interface PlatformSecurityConfig {
    /** Shared secret for service-to-service calls; without it internal calls are refused. */
    Optional<String> token();

    default Optional<String> internalToken() {
        return token().filter(t -> !t.isBlank());
    }
}
