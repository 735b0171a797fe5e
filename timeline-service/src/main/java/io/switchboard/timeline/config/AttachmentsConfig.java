package io.switchboard.timeline.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.quarkus.runtime.configuration.MemorySize;

@ConfigMapping(prefix = "switchboard.attachments")
public interface AttachmentsConfig {

    /** Where files are kept (a volume in Kubernetes); the run script sets SWITCHBOARD_ATTACHMENTS_DIR. */
    @WithDefault("${java.io.tmpdir}/switchboard-attachments")
    String dir();

    /** Largest accepted file; larger is 413. The HTTP body limit is set a little above it (multipart framing). */
    @WithDefault("200M")
    MemorySize maxSize();
}
