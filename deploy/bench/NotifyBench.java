import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Push fan-out benchmark. Opens N agent sockets, then publishes counter-changing events at a fixed rate and measures
 * publish → frame received latency.
 *   switchboard: events are conversation events on Kafka (the real path: consumer → counters transaction → push
 *                on commit; the relay → agent.counters path for other replicas runs too); each event toggles one
 *                agent's unread. Events applied in one batch share a frame; the event type carries the agent's
 *                event number (conversation.bench.N, a type the service does not know: any conversation.* type with
 *                a state counts), so the frame's cause names the newest event it covers and every event it covers is
 *                measured at that frame.
 *   nchan:       the same frames POSTed to nginx-nchan's publisher endpoint, subscribers on its WebSocket endpoint.
 * Usage: NotifyBench switchboard|nchan BASE_URL SOCKETS RATE SECONDS WARMUP TENANT DEV_KEY_PEM KAFKA
 */
public class NotifyBench {

    static final AtomicLong received = new AtomicLong();
    static final AtomicInteger open = new AtomicInteger();
    static final AtomicInteger failedConnects = new AtomicInteger();
    static volatile long measureFrom = Long.MAX_VALUE;
    /** The p99 target (50 ms): the tail report counts the events over it. */
    static final long TARGET_NANOS = 50_000_000L;
    /** {published at (nanoTime), latency (ns)} of every measured event seen on a socket. */
    static final ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();

    public static void main(String[] a) throws Exception {
        String mode = a[0];
        String base = a[1];
        int sockets = Integer.parseInt(a[2]);
        int rate = Integer.parseInt(a[3]);
        int seconds = Integer.parseInt(a[4]);
        int warmup = Integer.parseInt(a[5]);
        String tenant = a[6];
        PrivateKey key = mode.equals("switchboard") ? readKey(Path.of(a[7])) : null;
        String kafka = a[8];

        @SuppressWarnings("unchecked")
        ConcurrentLinkedQueue<long[]>[] sent = new ConcurrentLinkedQueue[sockets]; // {event number, sent at}
        for (int i = 0; i < sockets; i++) {
            sent[i] = new ConcurrentLinkedQueue<>();
        }
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        List<WebSocket> ws = new ArrayList<>(sockets);
        Semaphore inFlight = new Semaphore(200);
        CountDownLatch ready = new CountDownLatch(sockets);
        long t0 = System.nanoTime();
        List<CompletableFuture<WebSocket>> futures = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            int agent = i;
            String uri = mode.equals("switchboard")
                    ? base + "/ws/v1/agent?access_token=" + token(key, tenant, "agent-" + i)
                    : base + "/sub/" + tenant + "-agent-" + i;
            inFlight.acquire();
            futures.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(60))
                    .buildAsync(URI.create(uri), new Listener(agent, sent[agent], ready, mode.equals("nchan")))
                    .whenComplete((w, f) -> {
                        inFlight.release();
                        if (f != null) {
                            failedConnects.incrementAndGet();
                            ready.countDown();
                        } else {
                            open.incrementAndGet();
                        }
                    }));
        }
        ready.await(300, TimeUnit.SECONDS);
        System.out.printf("  connected %d sockets in %.1f s (%d failed)%n", open.get(), (System.nanoTime() - t0) / 1e9, failedConnects.get());
        for (CompletableFuture<WebSocket> f : futures) {
            WebSocket w = f.getNow(null);
            if (w != null) {
                ws.add(w);
            }
        }

        Publisher publisher = mode.equals("switchboard") ? new KafkaPublisher(kafka, tenant) : new NchanPublisher(http, base, tenant);
        long intervalNanos = 1_000_000_000L / rate;
        long total = (long) rate * (seconds + warmup);
        long start = System.nanoTime();
        measureFrom = start + warmup * 1_000_000_000L;
        long sentMeasured = 0;
        int[] seq = new int[sockets];
        for (long n = 0; n < total; n++) {
            long due = start + n * intervalNanos;
            long now;
            while ((now = System.nanoTime()) < due) {
                long left = due - now;
                if (left > 200_000) {
                    Thread.sleep(0, 100_000); // the client's own pacing (open model), not a test wait
                } else {
                    Thread.onSpinWait();
                }
            }
            int agent = (int) (n % sockets);
            seq[agent]++;
            long stamp = System.nanoTime();
            sent[agent].add(new long[] {seq[agent], stamp});
            if (stamp >= measureFrom) {
                sentMeasured++;
            }
            publisher.publish(agent, seq[agent], stamp);
        }
        long end = System.nanoTime();
        publisher.flush();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && latencies.size() < sentMeasured) {
            Thread.sleep(50);
        }
        long[] l = latencies.stream().mapToLong(e -> e[1]).toArray();
        Arrays.sort(l);
        double measuredSeconds = (end - measureFrom) / 1e9;
        System.out.printf("  events published: %d/s for %d s (+%d s warm-up); events seen on a socket %d of %d%n", rate, seconds, warmup, l.length, sentMeasured);
        if (l.length > 0) {
            System.out.printf("  push latency publish→frame showing the event: p50 %.1f ms  p99 %.1f ms  p99.9 %.1f ms  max %.1f ms%n",
                    pct(l, 0.50), pct(l, 0.99), pct(l, 0.999), l[l.length - 1] / 1e6);
        }
        System.out.printf("  delivered events/s: %.0f in %.0f frames/s   sockets still open: %d%n", l.length / measuredSeconds,
                received.get() / ((System.nanoTime() - start) / 1e9), open.get());
        printWorstSeconds(start);
        for (WebSocket w : ws) {
            w.abort();
        }
        publisher.close();
        System.exit(0);
    }

    /**
     * Whether the tail is spread over the run or comes in bursts: the three seconds (by publication) with the
     * slowest events, with their wall-clock time to line them up with the service's, the broker's and the database's
     * logs (a GC pause, a statistics run).
     */
    static void printWorstSeconds(long start) {
        long wallOffsetMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
        Map<Long, List<Long>> bySecond = new TreeMap<>();
        for (long[] e : latencies) {
            bySecond.computeIfAbsent((e[0] - start) / 1_000_000_000L, k -> new ArrayList<>()).add(e[1]);
        }
        System.out.printf("  events over 50 ms: %d; slowest seconds (second of the run, wall clock, events, p99, max):%n",
                latencies.stream().filter(e -> e[1] > TARGET_NANOS).count());
        bySecond.entrySet().stream()
                .map(en -> Map.entry(en.getKey(), en.getValue().stream().mapToLong(Long::longValue).sorted().toArray()))
                .sorted((x, y) -> Long.compare(y.getValue()[y.getValue().length - 1], x.getValue()[x.getValue().length - 1]))
                .limit(3)
                .forEach(en -> {
                    long[] v = en.getValue();
                    long wall = (start + en.getKey() * 1_000_000_000L) / 1_000_000 + wallOffsetMillis;
                    System.out.printf("    %3d s  %s  %d  p99 %.1f ms  max %.1f ms  (%d over 50 ms)%n", en.getKey(),
                            Instant.ofEpochMilli(wall), v.length, pct(v, 0.99), v[v.length - 1] / 1e6,
                            Arrays.stream(v).filter(x -> x > TARGET_NANOS).count());
                });
    }

    static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    interface Publisher {
        void publish(int agent, int seq, long stamp) throws Exception;

        default void flush() {
        }

        default void close() {
        }
    }

    /** A conversation per agent, assigned to it; each event flips unread, so each makes exactly one frame. */
    static final class KafkaPublisher implements Publisher {
        final KafkaProducer<String, String> producer;
        final String tenant;
        final String run = UUID.randomUUID().toString().substring(0, 8);

        KafkaPublisher(String bootstrap, String tenant) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            p.put("linger.ms", "1");
            p.put("acks", "all");
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
            this.tenant = tenant;
        }

        @Override
        public void publish(int agent, int seq, long stamp) {
            String conversation = run + "-c-" + agent;
            boolean unread = seq % 2 == 1;
            String json = "{\"conversationId\":\"" + conversation + "\",\"customerId\":\"cust-" + agent + "\",\"state\":{\"status\":\"OPEN\","
                    + "\"assigneeId\":\"agent-" + agent + "\",\"unread\":" + unread + ",\"activityOpen\":true,\"chatbotActive\":false},"
                    + "\"actor\":{\"kind\":\"SYSTEM\",\"id\":null}}";
            ProducerRecord<String, String> r = new ProducerRecord<>("conversation.events", conversation, json);
            h(r, "ce_specversion", "1.0");
            h(r, "ce_id", UUID.randomUUID().toString());
            h(r, "ce_type", "conversation.bench." + seq);
            h(r, "ce_source", "/switchboard/bench");
            h(r, "ce_time", java.time.OffsetDateTime.now().toString());
            h(r, "ce_subject", conversation);
            h(r, "ce_tenantid", tenant);
            h(r, "ce_sequence", Integer.toString(seq));
            producer.send(r);
        }

        static void h(ProducerRecord<String, String> r, String k, String v) {
            r.headers().add(k, v.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            producer.flush();
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    static final class NchanPublisher implements Publisher {
        final HttpClient http;
        final String base;
        final String tenant;

        NchanPublisher(HttpClient http, String base, String tenant) {
            this.http = http;
            this.base = base.replace("ws://", "http://");
            this.tenant = tenant;
        }

        @Override
        public void publish(int agent, int seq, long stamp) {
            String frame = "{\"type\":\"counters\",\"sequence\":" + seq + ",\"counters\":{\"unread\":" + (seq % 2)
                    + ",\"openActivities\":1,\"unassigned\":0},\"cause\":{\"type\":\"conversation.bench." + seq + "\"}}";
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/pub/" + tenant + "-agent-" + agent))
                    .POST(HttpRequest.BodyPublishers.ofString(frame)).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    static final Pattern BENCH_EVENT = Pattern.compile("conversation\\.bench\\.(\\d+)");

    static final class Listener implements WebSocket.Listener {
        final ConcurrentLinkedQueue<long[]> sent;
        final CountDownLatch ready;
        final boolean readyOnOpen;
        boolean first = true;
        final StringBuilder partial = new StringBuilder();

        Listener(int agent, ConcurrentLinkedQueue<long[]> sent, CountDownLatch ready, boolean readyOnOpen) {
            this.sent = sent;
            this.ready = ready;
            this.readyOnOpen = readyOnOpen;
        }

        @Override
        public void onOpen(WebSocket ws) {
            if (readyOnOpen) {
                ready.countDown();
            }
            ws.request(1);
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (text.contains("\"snapshot\"")) {
                    if (first && !readyOnOpen) {
                        ready.countDown();
                    }
                    first = false;
                } else if (text.contains("\"counters\"")) {
                    long now = System.nanoTime();
                    received.incrementAndGet();
                    Matcher m = BENCH_EVENT.matcher(text);
                    long newest = m.find() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
                    for (long[] e = sent.peek(); e != null && e[0] <= newest; e = sent.peek()) {
                        sent.poll();
                        if (e[1] >= measureFrom) {
                            latencies.add(new long[] {e[1], now - e[1]});
                        }
                    }
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            open.decrementAndGet();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            open.decrementAndGet();
        }
    }

    static PrivateKey readKey(Path pem) throws Exception {
        String b64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    static String token(PrivateKey key, String tenant, String user) throws Exception {
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = enc.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = enc.encodeToString(("{\"iss\":\"switchboard-dev\",\"sub\":\"" + user + "\",\"upn\":\"" + user
                + "\",\"groups\":[\"AGENT\"],\"tenant\":\"" + tenant + "\",\"iat\":" + now + ",\"exp\":" + (now + 7200)
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update((header + "." + claims).getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + enc.encodeToString(s.sign());
    }
}
