package io.switchboard.platform.limits;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** A tenant's storage bounds ({@link TenantLimitsConfig}), each checked before anything is written. */
@ApplicationScoped
public class TenantLimits {

    private final SharedBuckets buckets;
    private final SharedBuckets.Kind messages;
    private final SharedBuckets.Kind comments;
    private final SharedBuckets.Kind attachmentBytes;

    public TenantLimits(SharedBuckets buckets, TenantLimitsConfig config) {
        this.buckets = buckets;
        this.messages = SharedBuckets.Kind.of("tenant-messages", config.messagesPerMinute() / 60.0,
                config.messagesPerMinute(), Duration.ofMillis(100));
        this.comments = SharedBuckets.Kind.of("tenant-comments", config.commentsPerMinute() / 60.0,
                config.commentsPerMinute(), Duration.ofMillis(100));
        long perDay = config.attachmentBytesPerDay().asLongValue();
        // Uploads are few and large: a lease is exactly the upload's size, nothing held back.
        this.attachmentBytes = new SharedBuckets.Kind("tenant-attachment-bytes", perDay / 86_400.0, perDay, 0);
    }

    /** One message of the tenant about to be stored: 429 when it is over its messages per minute. */
    public Uni<Void> message(String tenantId) {
        return buckets.take(messages, tenantId, 1);
    }

    public Uni<Void> comment(String tenantId) {
        return buckets.take(comments, tenantId, 1);
    }

    /** 429 when the tenant's uploads today leave no room for these bytes; 413 when no day ever would. */
    public Uni<Void> attachmentBytes(String tenantId, long bytes) {
        return buckets.take(attachmentBytes, tenantId, bytes);
    }
}
