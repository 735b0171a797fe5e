package io.switchboard.platform.limits;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What one tenant may store, whoever its callers are: bounds against a runaway integration or a hostile account
 * filling the database. Each is a bucket shared by the service's replicas that refills evenly (a minute's or a day's
 * worth at most); past it a request is refused with 429 and Retry-After.
 */
@ConfigMapping(prefix = "switchboard.tenant-limits")
public interface TenantLimitsConfig {

    /** Messages stored per minute (customers', agents', bots' and scheduled ones alike). */
    @WithDefault("120000")
    int messagesPerMinute();

    /** Comments and notes written per minute. */
    @WithDefault("1200")
    int commentsPerMinute();

    /** Attachment bytes uploaded per day. */
    @WithDefault("10G")
    MemorySize attachmentBytesPerDay();
}
