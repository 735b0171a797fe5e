package io.switchboard.conversation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "switchboard.customer-service")
public interface CustomerServiceConfig {

    /** Base URL of customer-service (identify is called on a contact's first message only). */
    @WithDefault("http://127.0.0.1:8081")
    String url();

    @WithDefault("5s")
    Duration timeout();
}
