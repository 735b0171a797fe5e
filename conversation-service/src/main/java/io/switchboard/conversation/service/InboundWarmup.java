package io.switchboard.conversation.service;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.conversation.config.ConversationConfig;
import io.switchboard.conversation.domain.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Warm before ready: a new replica rehearses the inbound transaction (rolled back, nothing stored) until the JIT
 * has compiled it, and reports ready only then, so a rollout or a scale-out does not meet bots with cold code.
 */
@Readiness
@ApplicationScoped
public class InboundWarmup implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(InboundWarmup.class);
    private static final String TENANT = "switchboard-warmup";
    private static final int BATCH = 64;

    private final InboundBatcher batcher;
    private final int messages;
    private volatile boolean warm;

    public InboundWarmup(InboundBatcher batcher, ConversationConfig config) {
        this.batcher = batcher;
        this.messages = config.ingest().warmupMessages();
    }

    void start(@Observes StartupEvent ignored) {
        long started = System.nanoTime();
        Uni<Void> rounds = Uni.createFrom().voidItem();
        for (int done = 0; done < messages; done += BATCH) {
            rounds = rounds.chain(() -> batcher.rehearse(batch()));
        }
        rounds.subscribe().with(ok -> {
            warm = true;
            LOG.infof("inbound path warmed with %d rehearsed messages in %d ms", messages,
                    (System.nanoTime() - started) / 1_000_000);
        }, failure -> {
            // Better a replica that serves at a cold start's pace than one that never becomes ready.
            warm = true;
            LOG.warnf("inbound warm-up failed (%s); ready without it", failure.toString());
        });
    }

    private static List<InboundBatcher.Item> batch() {
        List<InboundBatcher.Item> items = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            items.add(new InboundBatcher.Item(TENANT, Channel.API, UUID.randomUUID(), "warm-up", "warm-up-" + i));
        }
        return items;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("inbound-warm-up").status(warm).build();
    }
}
