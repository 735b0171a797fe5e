import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Creates the suite's topics if missing: one JVM instead of a TopicCommand start per topic. The domain topics keep
 * every record (no time or size limit), also when they were created earlier with the broker's default retention.
 * Usage: java -cp <tools classpath> CreateTopics.java <bootstrap> <partitions>
 */
public class CreateTopics {
    /** Kept for good: the history timelines, rebuilds and point-in-time answers are made from. */
    static final List<String> DOMAIN_TOPICS = List.of("customer.events", "conversation.events", "timeline.events",
            "agent.events");

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int partitions = Integer.parseInt(args[1]);
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> wanted = new ArrayList<>();
            Map<String, String> forGood = Map.of("retention.ms", "-1", "retention.bytes", "-1");
            for (String t : DOMAIN_TOPICS) {
                wanted.add(new NewTopic(t, partitions, (short) 1).configs(forGood));
                wanted.add(new NewTopic(t + ".dlq", 1, (short) 1));
            }
            // The latest counters per agent: compacted, read whole by every notification replica.
            wanted.add(new NewTopic("agent.counters", partitions, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1", "segment.ms", "600000")));
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            Map<ConfigResource, Collection<AlterConfigOp>> keep = new LinkedHashMap<>();
            for (String t : DOMAIN_TOPICS) {
                keep.put(new ConfigResource(ConfigResource.Type.TOPIC, t), forGood.entrySet().stream()
                        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                        .toList());
            }
            admin.incrementalAlterConfigs(keep).all().get();
            for (NewTopic t : wanted) {
                System.out.println("  topic " + t.name() + (missing.contains(t) ? " (created)" : ""));
            }
        }
    }
}
