import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Helper of deploy/bench/timeline.sh. Phase 1: publishes N events of one customer (CloudEvents binary mode, as
 * the relay does) and measures how fast the running timeline-service stores them (events/s), sampling the
 * consumer group's lag. Phase 2: first page, filtered pages and a deep cursor page over HTTP, p50/p99.
 * Args: BOOTSTRAP JDBC_URL GROUP BASE_URL TENANT TOKEN EVENTS REQUESTS
 */
public class TimelineBench {

    static final List<String> TOPICS = List.of("customer.events", "conversation.events", "timeline.events");

    public static void main(String[] a) throws Exception {
        String bootstrap = a[0], jdbc = a[1], group = a[2], base = a[3], tenant = a[4], token = a[5];
        int events = Integer.parseInt(a[6]), requests = Integer.parseInt(a[7]);
        String customer = UUID.randomUUID().toString();

        System.out.printf("timeline bench: tenant %s, customer %s, %,d events%n", tenant, customer, events);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusDays(events / 1000 + 1);
        long maxLag = 0;
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            AtomicLong failed = new AtomicLong();
            for (int i = 1; i <= events; i++) {
                // Mostly rating/status/updates, every 10th a note (so onlyComments has something), in time order.
                String type = i % 10 == 0 ? "timeline.note_created" : i % 3 == 0 ? "customer.updated" : "customer.rating_changed";
                String topic = type.startsWith("timeline.") ? "timeline.events" : "customer.events";
                String data = switch (type) {
                    case "timeline.note_created" -> "{\"customerId\":\"" + customer + "\",\"commentId\":\"" + UUID.randomUUID()
                            + "\",\"text\":\"bench note " + i + "\",\"mentionedAgentIds\":[],\"attachmentIds\":[],\"actor\":{\"kind\":\"AGENT\",\"id\":\"agent-ana\"}}";
                    case "customer.updated" -> "{\"customerId\":\"" + customer + "\",\"changes\":{\"email\":{\"from\":\"a" + i
                            + "@example.com\",\"to\":\"b" + i + "@example.com\"}},\"actor\":{\"kind\":\"AGENT\",\"id\":\"agent-ana\"}}";
                    default -> "{\"customerId\":\"" + customer + "\",\"rating\":{\"from\":" + (i % 5) + ",\"to\":" + ((i + 1) % 5)
                            + "},\"actor\":{\"kind\":\"AGENT\",\"id\":\"agent-ana\"}}";
                };
                RecordHeaders h = new RecordHeaders();
                add(h, "ce_specversion", "1.0");
                add(h, "ce_id", UUID.randomUUID().toString());
                add(h, "ce_type", type);
                add(h, "ce_source", "/switchboard/bench");
                add(h, "ce_time", t0.plusSeconds(i * 60L).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                add(h, "ce_subject", customer);
                add(h, "ce_tenantid", tenant);
                add(h, "ce_sequence", Integer.toString(i));
                add(h, "ce_customerid", customer);
                producer.send(new ProducerRecord<>(topic, null, customer, data, h), (m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                });
                if (i % 20_000 == 0) {
                    maxLag = Math.max(maxLag, lag(admin, group));
                }
            }
            producer.flush();
            double produced = (System.nanoTime() - start) / 1e9;
            System.out.printf("produced %,d events in %.1f s (%,.0f events/s), %d send failures%n", events, produced,
                    events / produced, failed.get());
            try (Connection c = DriverManager.getConnection(jdbc);
                    PreparedStatement count = c.prepareStatement(
                            "SELECT count(*) FROM timeline_entries WHERE tenant_id = ? AND customer_id = ?")) {
                count.setString(1, tenant);
                count.setString(2, customer);
                long stored = 0;
                long storedAtProduceEnd = -1;
                long produceEnd = System.nanoTime();
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (stored < events && System.nanoTime() < deadline) {
                    try (ResultSet r = count.executeQuery()) {
                        r.next();
                        stored = r.getLong(1);
                    }
                    if (storedAtProduceEnd < 0) {
                        storedAtProduceEnd = stored;
                        produceEnd = System.nanoTime();
                    }
                    maxLag = Math.max(maxLag, lag(admin, group));
                    Thread.sleep(200);
                }
                double took = (System.nanoTime() - start) / 1e9;
                System.out.printf("projection: %,d entries stored %.1f s after the first send: %,.0f events/s end to end "
                        + "(produce + consume + store, one customer = one partition)%n", stored, took, stored / took);
                double tail = (System.nanoTime() - produceEnd) / 1e9;
                if (stored > storedAtProduceEnd && tail > 0.5) {
                    System.out.printf("projection alone (after the producer finished): %,d entries in %.1f s = %,.0f events/s%n",
                            stored - storedAtProduceEnd, tail, (stored - storedAtProduceEnd) / tail);
                }
                // Offsets are committed a few seconds behind processing; the drain time shows when the group is level.
                long lagNow;
                long drainDeadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while ((lagNow = lag(admin, group)) > 0 && System.nanoTime() < drainDeadline) {
                    Thread.sleep(200);
                }
                System.out.printf("consumer lag of group %s: max %,d sampled while running; %,d (committed) %.1f s after the first send%n",
                        group, maxLag, lagNow, (System.nanoTime() - start) / 1e9);
            }
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String path = base + "/api/v1/timelines/" + customer;
        String deepCursor = cursorAfter(http, token, path + "?limit=200", 50);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("first page (limit 50)", path + "?limit=50");
        cases.put("filtered: types=customer.updated", path + "?limit=50&types=customer.updated");
        cases.put("filtered: onlyComments=true", path + "?limit=50&onlyComments=true");
        cases.put("filtered: from/to one week", path + "?limit=50&from=" + t0.plusDays(30).toLocalDate() + "&to=" + t0.plusDays(36).toLocalDate());
        cases.put("page 51 by cursor (10,000 deep)", path + "?limit=50&cursor=" + deepCursor);
        System.out.printf("HTTP over %s, %d requests each after 200 warm-up, sequential:%n", base, requests);
        for (var e : cases.entrySet()) {
            long[] ns = timings(http, token, e.getValue(), requests);
            System.out.printf("  %-34s p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms%n", e.getKey(), pct(ns, 50), pct(ns, 99),
                    ns[ns.length - 1] / 1e6);
        }
    }

    static String cursorAfter(HttpClient http, String token, String url, int pages) throws Exception {
        String cursor = null;
        for (int i = 0; i < pages; i++) {
            String body = get(http, token, url + (cursor == null ? "" : "&cursor=" + cursor));
            int at = body.lastIndexOf("\"nextCursor\":\"");
            cursor = body.substring(at + 14, body.indexOf('"', at + 14));
        }
        return cursor;
    }

    static long[] timings(HttpClient http, String token, String url, int n) throws Exception {
        for (int i = 0; i < 200; i++) {
            get(http, token, url);
        }
        long[] ns = new long[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            get(http, token, url);
            ns[i] = System.nanoTime() - s;
        }
        Arrays.sort(ns);
        return ns;
    }

    static String get(HttpClient http, String token, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static long lag(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().stream().filter(tp -> TOPICS.contains(tp.topic())).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get().entrySet()) {
            lag += Math.max(0, e.getValue().offset() - committed.get(e.getKey()).offset());
        }
        return lag;
    }

    static void add(RecordHeaders h, String k, String v) {
        h.add(k, v.getBytes(StandardCharsets.UTF_8));
    }
}
