import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read-latency loader for deploy/bench/customers.sh (no dependencies, one client, keep-alive):
 * java customers-load.java BASE_URL TOKEN IDS_FILE VIP_LIST_ID REQUESTS
 * Each scenario: 30 warm-up requests, then REQUESTS measured ones; prints p50, p99 and max in ms.
 */
public class CustomersLoad {

    static final Pattern NEXT = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");

    static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        base = args[0];
        token = args[1];
        List<String> ids = Files.readAllLines(Path.of(args[2])).stream().filter(s -> !s.isBlank()).toList();
        String vip = args[3];
        int n = Integer.parseInt(args[4]);
        String month = enc(Instant.now().minus(Duration.ofDays(120)).toString());
        String monthEnd = enc(Instant.now().minus(Duration.ofDays(90)).toString());
        String[] surnames = {"garcía", "pérez", "gómez", "suárez", "núñez", "herrera", "castro", "luna"};

        System.out.printf("%-58s %6s %8s %8s %8s %7s%n", "scenario (100,000 customers, one tenant)", "n", "p50 ms", "p99 ms", "max ms", "rows");
        run("page: status=IN_PROGRESS", n, i -> "/api/v1/customers?status=IN_PROGRESS&limit=50");
        run("page: status=NEW&assignee=me", n, i -> "/api/v1/customers?status=NEW&assignee=me&limit=50");
        run("page: assignee=unassigned&sort=-updatedAt", n, i -> "/api/v1/customers?assignee=unassigned&sort=-updatedAt&limit=50");
        run("page: list=VIP", n, i -> "/api/v1/customers?list=" + vip + "&limit=50");
        run("page: minRating=4&sort=-rating", n, i -> "/api/v1/customers?minRating=4&sort=-rating&limit=50");
        run("page: status=SALE&rating=5&sort=name", n, i -> "/api/v1/customers?status=SALE&rating=5&sort=name&limit=50");
        run("page: created in a 30-day range", n, i -> "/api/v1/customers?createdFrom=" + month + "&createdTo=" + monthEnd + "&limit=50");
        deepPages("page: status=SALE, pages 2..40 by cursor", n);
        run("search: q=<surname> (~2,500 hits)", n, i -> "/api/v1/customers?q=" + enc(surnames[i % surnames.length]) + "&limit=50");
        run("search: q=<surname>&status=NO_SALE", n, i -> "/api/v1/customers?q=" + enc(surnames[i % surnames.length]) + "&status=NO_SALE&limit=50");
        run("search: q=<e-mail fragment> (1 hit)", n, i -> "/api/v1/customers?q=" + enc("." + (1000 + i * 37 % 90000) + "@") + "&limit=50");
        run("search: q=<phone digits> (1 hit)", n, i -> "/api/v1/customers?q=" + enc("11 " + String.format("%08d", 1000 + i * 37 % 90000)) + "&limit=50");
        run("neighbours: status=SALE (prev/next)", n, i -> "/api/v1/customers/" + ids.get(i % ids.size()) + "/neighbours?status=SALE");
        run("profile: GET /api/v1/customers/{id}", n, i -> "/api/v1/customers/" + ids.get(i % ids.size()));
    }

    static void deepPages(String name, int n) throws Exception {
        List<Long> times = new ArrayList<>();
        int rows = 0;
        String cursor = null;
        int page = 0;
        int warm = 0;
        while (times.size() < n) {
            String path = "/api/v1/customers?status=SALE&limit=50" + (cursor == null ? "" : "&cursor=" + enc(cursor));
            long t0 = System.nanoTime();
            String body = get(path);
            long t = System.nanoTime() - t0;
            page++;
            if (page > 1 && warm++ >= 30) {
                times.add(t);
                rows = count(body);
            }
            Matcher m = NEXT.matcher(body);
            cursor = page < 40 && m.find() ? m.group(1) : null;
            if (cursor == null) {
                page = 0;
            }
        }
        report(name, times, rows);
    }

    static void run(String name, int n, IntFunction<String> path) throws Exception {
        for (int i = 0; i < 30; i++) {
            get(path.apply(i + n));
        }
        List<Long> times = new ArrayList<>(n);
        int rows = 0;
        for (int i = 0; i < n; i++) {
            String p = path.apply(i);
            long t0 = System.nanoTime();
            String body = get(p);
            times.add(System.nanoTime() - t0);
            rows = count(body);
        }
        report(name, times, rows);
    }

    static void report(String name, List<Long> times, int rows) {
        long[] t = times.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%-58s %6d %8.2f %8.2f %8.2f %7s%n", name, t.length, ms(pct(t, 0.50)), ms(pct(t, 0.99)),
                ms(t[t.length - 1]), rows < 0 ? "-" : Integer.toString(rows));
    }

    static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    static int count(String body) {
        if (!body.startsWith("{\"items\"")) {
            return -1;
        }
        int c = 0;
        for (int i = body.indexOf("\"id\""); i >= 0; i = body.indexOf("\"id\"", i + 1)) {
            c++;
        }
        return c;
    }

    static String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " → " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
