package io.switchboard.timeline.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "switchboard.timeline")
public interface TimelineConfig {

    /** Entries per page when the caller gives no limit. */
    @WithDefault("50")
    int pageSize();

    /** The largest limit a caller may ask for; more is a 400. */
    @WithDefault("200")
    int maxPageSize();

    /** Off only for a rebuild (deploy/timeline-rebuild.sh): the live consumer already dead-lettered those records. */
    @WithDefault("true")
    boolean deadLetterEnabled();
}
