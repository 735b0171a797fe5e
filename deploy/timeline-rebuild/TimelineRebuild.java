import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Helper of deploy/timeline-rebuild.sh (run with the tools classpath: Kafka clients, JDBC driver).
 *   reset JDBC_URL SCHEMA          drop and create the rebuild schema
 *   drop JDBC_URL SCHEMA           drop it
 *   lag BOOTSTRAP GROUP TOPIC...   print the group's total lag (-1 while it has committed nothing) and the records the
 *                                  topics hold (end minus start offsets, whatever their age)
 *   delete-group BOOTSTRAP GROUP   forget the rebuild's consumer group
 *   compare JDBC_URL SCHEMA        per customer: entry count and content checksum, and the indicators' rows, live
 *                                  (public) vs SCHEMA
 */
public class TimelineRebuild {

    /** Everything an entry shows, in a fixed order; recorded_at (when it was projected) is left out on purpose. */
    private static final String ROW = "concat_ws('\u001f', id::text, type, tenant_id, customer_id, aggregate_id, sequence::text, "
            + "source, (extract(epoch FROM occurred_at) * 1000000)::bigint::text, actor_kind, actor_id, summary, data::text, "
            + "is_comment::text, comment_id::text, (extract(epoch FROM deleted_at) * 1000000)::bigint::text, deleted_by_kind, deleted_by_id)";

    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "reset" -> reset(a[1], a[2]);
            case "drop" -> {
                try (Connection c = DriverManager.getConnection(a[1]); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + ident(a[2]) + " CASCADE");
                }
            }
            case "lag" -> {
                long[] lagAndTotal = lag(a[1], a[2], List.of(a).subList(3, a.length));
                System.out.println(lagAndTotal[0] + " " + lagAndTotal[1]);
            }
            case "delete-group" -> {
                try (Admin admin = admin(a[1])) {
                    admin.deleteConsumerGroups(List.of(a[2])).all().get();
                }
            }
            case "compare" -> System.exit(compare(a[1], a[2], a.length > 3 ? a[3] : "%"));
            default -> throw new IllegalArgumentException(a[0]);
        }
    }

    static void reset(String url, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + ident(schema) + " CASCADE");
            s.execute("CREATE SCHEMA " + ident(schema));
        }
    }

    /** {lag, records held}; lag -1 while the group has committed nothing. */
    static long[] lag(String bootstrap, String group, List<String> topics) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((t, d) -> d.partitions().forEach(p -> {
                latest.put(new TopicPartition(t, p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(t, p.partition()), OffsetSpec.earliest());
            }));
            var ends = admin.listOffsets(latest).all().get();
            var starts = admin.listOffsets(earliest).all().get();
            long lag = 0;
            long total = 0;
            for (TopicPartition tp : latest.keySet()) {
                OffsetAndMetadata c = committed.get(tp);
                long from = c == null ? starts.get(tp).offset() : c.offset();
                lag += Math.max(0, ends.get(tp).offset() - from);
                total += ends.get(tp).offset() - starts.get(tp).offset();
            }
            return new long[] {committed.isEmpty() ? -1 : lag, total};
        }
    }

    static int compare(String url, String schema, String tenantsLike) throws Exception {
        String sql = """
                WITH live AS (SELECT tenant_id, customer_id, count(*) AS n, md5(string_agg(%1$s, '|' ORDER BY id)) AS h
                                FROM public.timeline_entries WHERE tenant_id LIKE ? GROUP BY tenant_id, customer_id),
                     rebuilt AS (SELECT tenant_id, customer_id, count(*) AS n, md5(string_agg(%1$s, '|' ORDER BY id)) AS h
                                   FROM %2$s.timeline_entries WHERE tenant_id LIKE ? GROUP BY tenant_id, customer_id)
                SELECT coalesce(l.tenant_id, r.tenant_id) AS tenant, coalesce(l.customer_id, r.customer_id) AS customer,
                       coalesce(l.n, 0) AS live_n, coalesce(r.n, 0) AS rebuilt_n, l.h AS live_h, r.h AS rebuilt_h
                  FROM live l FULL JOIN rebuilt r USING (tenant_id, customer_id)
                 ORDER BY 1, 2""".formatted(ROW, ident(schema));
        long customers = 0, equal = 0, liveEntries = 0, rebuiltEntries = 0;
        List<String> different = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenantsLike);
            s.setString(2, tenantsLike);
            ResultSet r = s.executeQuery();
            while (r.next()) {
                customers++;
                liveEntries += r.getLong("live_n");
                rebuiltEntries += r.getLong("rebuilt_n");
                if (r.getLong("live_n") == r.getLong("rebuilt_n") && r.getString("live_h") != null
                        && r.getString("live_h").equals(r.getString("rebuilt_h"))) {
                    equal++;
                } else {
                    different.add(String.format("  %s / %s: live %d entries (%s), rebuilt %d (%s)", r.getString("tenant"),
                            r.getString("customer"), r.getLong("live_n"), r.getString("live_h"), r.getLong("rebuilt_n"),
                            r.getString("rebuilt_h")));
                }
            }
        }
        System.out.printf("customers: %d, equal (count and checksum): %d, different: %d%n", customers, equal, different.size());
        System.out.printf("entries: live %d, rebuilt %d%n", liveEntries, rebuiltEntries);
        different.stream().limit(20).forEach(System.out::println);
        if (different.size() > 20) {
            System.out.println("  … and " + (different.size() - 20) + " more");
        }
        List<String> indicators = compareIndicators(url, schema, tenantsLike);
        System.out.println(different.isEmpty() && indicators.isEmpty() ? "RESULT: EQUAL" : "RESULT: DIFFERENT");
        return different.isEmpty() && indicators.isEmpty() ? 0 : 1;
    }

    /** Each indicator row, in a fixed order: conversations by channel and latest status, daily counts. */
    private static final String INDICATOR_ROWS = """
            SELECT tenant_id, customer_id, concat_ws('\u001f', 'conversation', conversation_id, channel, status,
                   last_sequence::text, (extract(epoch FROM started_at) * 1000000)::bigint::text) AS r
              FROM %1$s.indicator_conversations WHERE tenant_id LIKE ?
            UNION ALL
            SELECT tenant_id, customer_id, concat_ws('\u001f', 'daily', day::text, dimension, key, count::text,
                   (extract(epoch FROM last_at) * 1000000)::bigint::text)
              FROM %1$s.indicator_daily WHERE tenant_id LIKE ?""";

    /** Per customer, a checksum of its indicator rows, live against rebuilt; returns the customers that differ. */
    static List<String> compareIndicators(String url, String schema, String tenantsLike) throws Exception {
        String sql = """
                WITH live AS (SELECT tenant_id, customer_id, count(*) AS n, md5(string_agg(r, '|' ORDER BY r)) AS h
                                FROM (%1$s) x GROUP BY tenant_id, customer_id),
                     rebuilt AS (SELECT tenant_id, customer_id, count(*) AS n, md5(string_agg(r, '|' ORDER BY r)) AS h
                                   FROM (%2$s) x GROUP BY tenant_id, customer_id)
                SELECT coalesce(l.tenant_id, r.tenant_id) AS tenant, coalesce(l.customer_id, r.customer_id) AS customer,
                       coalesce(l.n, 0) AS live_n, coalesce(r.n, 0) AS rebuilt_n, l.h IS NOT DISTINCT FROM r.h AS same
                  FROM live l FULL JOIN rebuilt r USING (tenant_id, customer_id)
                 ORDER BY 1, 2""".formatted(INDICATOR_ROWS.formatted("public"), INDICATOR_ROWS.formatted(ident(schema)));
        long customers = 0, rows = 0;
        List<String> different = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 1; i <= 4; i++) {
                s.setString(i, tenantsLike);
            }
            ResultSet r = s.executeQuery();
            while (r.next()) {
                customers++;
                rows += r.getLong("live_n");
                if (!r.getBoolean("same")) {
                    different.add(String.format("  %s / %s: live %d indicator rows, rebuilt %d, contents differ",
                            r.getString("tenant"), r.getString("customer"), r.getLong("live_n"), r.getLong("rebuilt_n")));
                }
            }
        }
        System.out.printf("indicators: %d customers, %d rows live, equal: %d, different: %d%n", customers, rows,
                customers - different.size(), different.size());
        different.stream().limit(20).forEach(System.out::println);
        return different;
    }

    static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    static String ident(String s) {
        if (!s.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("bad schema name " + s);
        }
        return s;
    }
}
