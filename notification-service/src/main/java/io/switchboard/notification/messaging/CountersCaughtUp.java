package io.switchboard.notification.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Ready only once the counters are as current as when this replica started: the counter consumer group has
 * committed, on every partition of conversation.events, at least the end offset that partition had when readiness
 * was first asked (at start). A replica restarted after a crash (kill -9) would otherwise serve counters that miss
 * the events its predecessor had not applied yet, until the group's rebalance and catch-up. Once reached, it stays
 * UP (later lag is normal operation, not a reason to leave the load balancer).
 */
@Readiness
@ApplicationScoped
public class CountersCaughtUp implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(CountersCaughtUp.class);
    private static final String NAME = "counters caught up with conversation.events";

    private final String bootstrap;
    private final String topic;
    private final String group;
    private Admin admin;
    /** Per partition with events: the end offset at start (partitions empty at start need nothing). */
    private volatile Map<TopicPartition, Long> target;
    private volatile boolean caughtUp;

    public CountersCaughtUp(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "mp.messaging.incoming.conversation-events.topic") String topic,
            @ConfigProperty(name = "mp.messaging.incoming.conversation-events.group.id") String group) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.group = group;
    }

    void start(@Observes StartupEvent ignored) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "notification-readiness");
        admin = Admin.create(p);
    }

    void stop(@Observes ShutdownEvent ignored) {
        closeAdmin();
    }

    /** The admin client is needed only until the group has caught up: no broker connection kept after that. */
    private synchronized void closeAdmin() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
    }

    @Override
    public synchronized HealthCheckResponse call() {
        if (caughtUp) {
            return HealthCheckResponse.up(NAME);
        }
        try {
            if (target == null) {
                target = endOffsetsAtStart();
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, Long> done = new HashMap<>();
            committed.forEach((tp, o) -> {
                if (o != null) {
                    done.put(tp, o.offset());
                }
            });
            int behind = behind(target, done);
            if (behind == 0) {
                caughtUp = true;
                closeAdmin();
                LOG.infof("counter consumer group %s has caught up with %s as of start: ready", group, topic);
                return HealthCheckResponse.up(NAME);
            }
            return HealthCheckResponse.named(NAME).down().withData("partitionsBehind", behind).build();
        } catch (Exception e) {
            return HealthCheckResponse.named(NAME).down().withData("error", e.toString()).build();
        }
    }

    /** How many partitions of {@code target} the committed offsets have not reached yet. */
    static int behind(Map<TopicPartition, Long> target, Map<TopicPartition, Long> committed) {
        int behind = 0;
        for (Map.Entry<TopicPartition, Long> t : target.entrySet()) {
            Long c = committed.get(t.getKey());
            if (c == null || c < t.getValue()) {
                behind++;
            }
        }
        return behind;
    }

    private Map<TopicPartition, Long> endOffsetsAtStart() throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(tp -> {
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        });
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start = admin.listOffsets(earliest).all().get(5, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        end.forEach((tp, info) -> {
            if (info.offset() > start.get(tp).offset()) { // an empty partition (or one wholly deleted) needs nothing
                out.put(tp, info.offset());
            }
        });
        return Map.copyOf(out);
    }
}
