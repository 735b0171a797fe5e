import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-model load for POST /api/v1/channels/{channel}/inbound: requests leave at a fixed arrival rate whatever the
 * answers do, and each latency is measured from the request's scheduled time (no coordinated omission: a slow
 * server cannot hide its queueing by slowing the generator down). JDK only:
 * java Ingest.java --url U --keys FILE --contacts N --rate R --seconds S --warmup W
 */
public class Ingest {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = a.getOrDefault("url", "http://127.0.0.1:8082") + "/api/v1/channels/whatsapp/inbound";
        List<String> keys = Files.readAllLines(Path.of(a.get("keys"))).stream().filter(s -> !s.isBlank()).toList();
        int contacts = Integer.parseInt(a.getOrDefault("contacts", "50"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "200"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2)).connectTimeout(Duration.ofSeconds(5)).build();
        if (warmup > 0) {
            run(client, url, keys, contacts, rate, warmup, false);
        }
        run(client, url, keys, contacts, rate, seconds, true);
        System.exit(0);
    }

    private static void run(HttpClient client, String url, List<String> keys, int contacts, double rate, int seconds,
            boolean report) throws Exception {
        long total = (long) (rate * seconds);
        long[] latencies = new long[(int) total];
        AtomicInteger done = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch finished = new CountDownLatch((int) total);
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int bot = i % keys.size();
            int contact = ThreadLocalRandom.current().nextInt(contacts);
            String body = "{\"contact\":{\"externalId\":\"bench-" + bot + "-" + contact + "\",\"name\":\"Bench " + contact
                    + "\"},\"text\":\"message " + i + "\"}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-Api-Key", keys.get(bot))
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int index = i;
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                latencies[index] = System.nanoTime() - scheduled;
                int status = failure != null ? -1 : response.statusCode();
                statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                if (status != 201 && errors.size() < 3) {
                    errors.add(failure != null ? failure.toString() : status + " " + response.body());
                }
                done.incrementAndGet();
                finished.countDown();
            });
        }
        long sentNanos = System.nanoTime() - start;
        finished.await();
        long allNanos = System.nanoTime() - start;
        if (!report) {
            System.out.printf("warm-up: %d requests, statuses %s%n", total, statuses);
            return;
        }
        long ok = statuses.getOrDefault(201, new AtomicInteger()).get();
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf("offered rate          %.0f msg/s for %d s (%d bots, %d contacts each, open model)%n",
                rate, seconds, keys.size(), contacts);
        System.out.printf("sent in               %.2f s (generator kept up: %s)%n", sentNanos / 1e9,
                sentNanos < seconds * 1.02e9 ? "yes" : "NO");
        System.out.printf("sustained             %.1f msg/s stored (201) over %.2f s until the last answer%n",
                ok / (allNanos / 1e9), allNanos / 1e9);
        System.out.printf("statuses              %s%n", statuses);
        errors.forEach(e -> System.out.println("  e.g. " + e.substring(0, Math.min(200, e.length()))));
        System.out.printf("POST latency          p50 %.1f ms   p99 %.1f ms   p99.9 %.1f ms   max %.1f ms%n",
                ms(sorted, 0.50), ms(sorted, 0.99), ms(sorted, 0.999), sorted[sorted.length - 1] / 1e6);
        System.out.printf("generator RSS         %s%n", rss());
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static String rss() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                .map(l -> l.replaceAll("\\s+", " ").replace("VmRSS: ", "")).findFirst().orElse("?");
    }
}
