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

    /**
     * First contacts are identified in batches, per tenant: one identify-batch call takes up to this many
     * distinct contacts (at most 500, customer-service's limit).
     */
    @WithDefault("200")
    int identifyBatchSize();

    /**
     * The longest a first contact waits for others to share its identify-batch call; a full batch goes at once.
     * 0 sends each contact on its own.
     */
    @WithDefault("2ms")
    Duration identifyBatchWait();
}
