import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One step of the ingest step search (deploy/bench/ingest.sh): POST /api/v1/channels/whatsapp/inbound at a fixed
 * arrival rate, an unmeasured warm-up then a measured window. JDK only.
 *
 * Open model: request i is due at start + i/rate whatever the answers do, and its latency is measured from that
 * scheduled time (no coordinated omission: a slow server cannot hide its queueing by slowing the generator down).
 * Lean on purpose, so that the generator is not what saturates a small machine: one pacing thread releases the
 * requests as they fall due, one I/O thread drives persistent HTTP/1.1 connections with a selector, one request
 * per connection at a time (no pipelining). A due request takes an idle connection, or opens a new one up to
 * --connections per URL; beyond that it waits in the generator, and that wait counts in its latency (the service
 * was too slow to free a connection). Requests go round-robin over the URLs (replicas), no stickiness: a contact's
 * messages reach every replica. A request unanswered --timeout seconds after its scheduled time is abandoned and
 * counted (its connection closed; one still waiting for a connection is never sent). 503 and 429 are counted as
 * shed (Retry-After is not honoured: an open model does not slow down); everything else that is not 201 is an error.
 *
 * Requests are built in place in per-connection buffers and answers parsed as bytes: next to no garbage per request.
 *
 * The generator checks itself: every request that found a connection free is timed from its scheduled time to
 * the moment it was handed to one (about to be written); if the 99th percentile of that lateness exceeds
 * --late-limit-ms, it says that it fell behind (its figures then overstate the service's latency). It also reports
 * its own CPU, and the whole machine's, so that contention from outside the benchmark shows.
 *
 * At the window's edges it samples /proc (utime+stime, RSS) of the processes named in --procs (NAME=PID, a PID
 * ending in + also counts its children: PostgreSQL's postmaster and backends, with their PSS too) and each URL's
 * switchboard_outbox_lag_seconds count, sum and histogram buckets (their deltas give the window's mean and quantiles of
 * the commit→Kafka lag, across the URLs).
 *
 * java Ingest.java --urls U1[,U2] --keys FILE --contacts-per-bot N --rate R --warmup W --seconds S --run ID
 *     [--new-share 0.05] [--timeout 10] [--connections 1024] [--late-limit-ms 5] [--clk-tck 100] [--procs N=P,...]
 * Prints a readable report and, as its last line, "RESULT {json}".
 */
public class Ingest {

    static final String PATH = "/api/v1/channels/whatsapp/inbound";
    static final int TIMEOUT = -1, CLOSED = -2, NEVER_SENT = -3;

    final List<InetSocketAddress> targets = new ArrayList<>();
    final List<String> urls;
    final List<String> keys;
    final int contactsPerBot;
    final double rate;
    final int warmup;
    final int seconds;
    final double newShare;
    final long timeoutNanos;
    final int maxConnections;
    final String run;
    final long total;
    final long firstMeasured;
    long start;
    /** Per bot and URL: the request line and the fixed headers, up to the Idempotency-Key's value. */
    final byte[][][] heads;
    final Ascii body = new Ascii();

    // Per request: outcome (HTTP status or one of the negative codes above), latency from the scheduled time,
    // lateness of its write (-1: it had to wait for a connection), whether it came from a contact never seen before.
    final short[] status;
    final long[] latency;
    final long[] lateness;
    final boolean[] firstContact;
    final AtomicLong released = new AtomicLong();
    final Selector selector;
    final List<ArrayDeque<Integer>> pending = new ArrayList<>();
    final List<ArrayDeque<Conn>> idle = new ArrayList<>();
    final int[] open;
    final long[] capHitAt;
    final Set<Conn> busy = new LinkedHashSet<>();
    final Map<String, List<String>> samples = new TreeMap<>();
    int connectionsOpened;
    int peakConnections;

    Ingest(Map<String, String> a) throws IOException {
        urls = List.of(a.get("urls").split(","));
        for (String u : urls) {
            URI uri = URI.create(u);
            targets.add(new InetSocketAddress(uri.getHost(), uri.getPort()));
            pending.add(new ArrayDeque<>());
            idle.add(new ArrayDeque<>());
        }
        open = new int[urls.size()];
        capHitAt = new long[urls.size()];
        Arrays.fill(capHitAt, Long.MIN_VALUE);
        keys = Files.readAllLines(Path.of(a.get("keys"))).stream().filter(s -> !s.isBlank()).toList();
        contactsPerBot = Integer.parseInt(a.get("contacts-per-bot"));
        rate = Double.parseDouble(a.get("rate"));
        warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));
        seconds = Integer.parseInt(a.getOrDefault("seconds", "30"));
        newShare = Double.parseDouble(a.getOrDefault("new-share", "0.05"));
        timeoutNanos = (long) (Double.parseDouble(a.getOrDefault("timeout", "10")) * 1e9);
        maxConnections = Integer.parseInt(a.getOrDefault("connections", "1024"));
        run = a.getOrDefault("run", "r" + System.currentTimeMillis());
        total = Math.round(rate * (warmup + seconds));
        firstMeasured = Math.round(rate * warmup);
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many requests for one step");
        }
        status = new short[(int) total];
        latency = new long[(int) total];
        lateness = new long[(int) total];
        firstContact = new boolean[(int) total];
        selector = Selector.open();
        heads = new byte[keys.size()][urls.size()][];
        for (int b = 0; b < keys.size(); b++) {
            for (int u = 0; u < urls.size(); u++) {
                heads[b][u] = ("POST " + PATH + " HTTP/1.1\r\nHost: " + targets.get(u).getHostString() + ":" + targets.get(u).getPort()
                        + "\r\nContent-Type: application/json\r\nX-Api-Key: " + keys.get(b) + "\r\nIdempotency-Key: ")
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
        }
    }

    long scheduled(long i) {
        return start + (long) (i * 1e9 / rate);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Locale.setDefault(Locale.ROOT);
        new Ingest(a).step(a);
        System.exit(0);
    }

    void step(Map<String, String> a) throws Exception {
        Procs procs = new Procs(a.getOrDefault("procs", ""), Integer.parseInt(a.getOrDefault("clk-tck", "100")));
        long lateLimit = (long) (Double.parseDouble(a.getOrDefault("late-limit-ms", "5")) * 1e6);
        start = System.nanoTime() + 200_000_000L;
        long windowFrom = scheduled(firstMeasured), windowTo = start + (long) ((warmup + seconds) * 1e9);

        Thread io = new Thread(this::ioLoop, "io");
        io.setUncaughtExceptionHandler((t, e) -> {
            e.printStackTrace();
            System.exit(1);
        });
        io.start();
        // The window's edges: /proc and the services' lag counters, sampled off the I/O thread.
        Snapshot[] edges = new Snapshot[2];
        Thread sampler = new Thread(() -> {
            sleepUntil(windowFrom);
            edges[0] = snapshot(procs);
            sleepUntil(windowTo);
            edges[1] = snapshot(procs);
        }, "sampler");
        sampler.setDaemon(true);
        sampler.start();
        Thread pacer = new Thread(this::pace, "pacer");
        pacer.start();
        pacer.join();
        io.join();
        sampler.join();
        report(edges, procs, lateLimit, windowFrom, windowTo);
    }

    /** Releases each request at its scheduled time (all those already due at once, if it woke late). */
    void pace() {
        long n = 0;
        while (n < total) {
            long now = System.nanoTime();
            long due = scheduled(n);
            if (due > now) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            long m = Math.min(total, Math.max(n + 1, (long) Math.floor((now - start) * rate / 1e9) + 1));
            released.set(m);
            selector.wakeup();
            n = m;
        }
    }

    static void sleepUntil(long nanoTime) {
        for (long left; (left = nanoTime - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
    }

    // ------------------------------------------------------------------ I/O

    final class Conn {
        final int url;
        final SocketChannel channel;
        final SelectionKey key;
        final Ascii out = new Ascii();
        ByteBuffer pending; // what is left to write of the current request
        byte[] in = new byte[4096];
        ByteBuffer inBuffer = ByteBuffer.wrap(in);
        int inLength;
        int request = -1;
        boolean connected;

        Conn(int url) throws IOException {
            this.url = url;
            channel = SocketChannel.open();
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connected = channel.connect(targets.get(url));
                key = channel.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, this);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            open[url]++;
            connectionsOpened++;
            peakConnections = Math.max(peakConnections, Arrays.stream(open).sum());
        }

        void close() {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
            open[url]--;
        }
    }

    void ioLoop() {
        long dispatched = 0;
        long lastSweep = System.nanoTime();
        SplittableRandom random = new SplittableRandom(run.hashCode());
        try {
            while (true) {
                selector.select(50);
                long now = System.nanoTime();
                for (SelectionKey k : selector.selectedKeys()) {
                    Conn c = (Conn) k.attachment();
                    try {
                        if (k.isValid() && k.isConnectable() && c.channel.finishConnect()) {
                            c.connected = true;
                            write(c);
                        }
                        if (k.isValid() && k.isWritable()) {
                            write(c);
                        }
                        if (k.isValid() && k.isReadable()) {
                            read(c);
                        }
                    } catch (IOException e) {
                        fail(c, CLOSED, e.toString());
                    }
                }
                selector.selectedKeys().clear();
                long due = released.get();
                for (; dispatched < due; dispatched++) {
                    pending.get((int) (dispatched % urls.size())).add((int) dispatched);
                    firstContact[(int) dispatched] = random.nextDouble() < newShare;
                }
                now = System.nanoTime();
                for (int u = 0; u < urls.size(); u++) {
                    dispatch(u, now);
                }
                if (now - lastSweep > 20_000_000L) {
                    sweep(now);
                    lastSweep = now;
                }
                if (dispatched == total && busy.isEmpty() && pending.stream().allMatch(ArrayDeque::isEmpty)) {
                    break;
                }
            }
            for (ArrayDeque<Conn> q : idle) {
                q.forEach(Conn::close);
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** Due requests of URL u onto idle connections (or new ones, up to the cap). */
    void dispatch(int u, long now) throws IOException {
        ArrayDeque<Integer> queue = pending.get(u);
        while (!queue.isEmpty()) {
            Conn c = idle.get(u).pollLast();
            if (c == null) {
                if (open[u] >= maxConnections) {
                    capHitAt[u] = now;
                    return;
                }
                try {
                    c = new Conn(u);
                } catch (IOException e) { // refused at once: the request fails, the next one tries again
                    int i = queue.poll();
                    status[i] = CLOSED;
                    latency[i] = System.nanoTime() - scheduled(i);
                    sample("closed", "connect: " + e);
                    continue;
                }
            }
            int i = queue.poll();
            boolean waited = scheduled(i) <= capHitAt[u]; // it was due while every connection was busy
            c.request = i;
            encode(i, c);
            // The generator's own delay: scheduled → handed to a connection (a new one's handshake is the service's).
            lateness[i] = waited ? -1 : Math.max(1, System.nanoTime() - scheduled(i));
            busy.add(c);
            if (c.connected) {
                write(c);
            }
        }
    }

    void write(Conn c) throws IOException {
        if (c.request < 0 || c.pending == null) {
            return;
        }
        c.channel.write(c.pending);
        c.key.interestOps(c.pending.hasRemaining() ? SelectionKey.OP_WRITE | SelectionKey.OP_READ : SelectionKey.OP_READ);
        if (!c.pending.hasRemaining()) {
            c.pending = null;
        }
    }

    /**
     * Request i into c's buffer, ready to write. Built in place (the fixed head per bot and URL encoded once, the rest
     * as ASCII bytes): the generator allocates next to nothing per request, so its garbage collector stays quiet.
     */
    void encode(int i, Conn c) {
        int bot = (i / urls.size()) % keys.size(); // round-robin over the URLs first, then the bots: every bot reaches every replica
        Ascii b = body.reset().put("{\"contact\":{\"externalId\":\"");
        contact(b, i, bot).put("\",\"name\":\"Bench ");
        contact(b, i, bot).put("\"},\"text\":\"message ").put(i).put(" of ").put(run).put("\"}");
        Ascii h = c.out.reset().put(heads[bot][c.url]).put(run).put('-').put(i).put("\r\nContent-Length: ").put(b.length)
                .put("\r\n\r\n").put(b);
        c.pending = ByteBuffer.wrap(h.bytes, 0, h.length);
    }

    Ascii contact(Ascii b, int i, int bot) {
        return firstContact[i] ? b.put("new-").put(run).put('-').put(i)
                : b.put("bench-").put(bot).put('-').put(Math.floorMod(mix(i), contactsPerBot));
    }

    /** A growable ASCII byte buffer. */
    static final class Ascii {
        byte[] bytes = new byte[1024];
        int length;

        Ascii reset() {
            length = 0;
            return this;
        }

        Ascii room(int n) {
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
            }
            return this;
        }

        Ascii put(char ch) {
            room(1).bytes[length++] = (byte) ch;
            return this;
        }

        Ascii put(String text) {
            room(text.length());
            for (int k = 0; k < text.length(); k++) {
                bytes[length++] = (byte) text.charAt(k);
            }
            return this;
        }

        Ascii put(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, bytes, length, b.length);
            length += b.length;
            return this;
        }

        Ascii put(Ascii other) {
            room(other.length);
            System.arraycopy(other.bytes, 0, bytes, length, other.length);
            length += other.length;
            return this;
        }

        Ascii put(long v) {
            if (v < 0) {
                put('-');
                v = -v;
            }
            int digits = 1;
            for (long t = v; t >= 10; t /= 10) {
                digits++;
            }
            room(digits);
            for (int k = length + digits - 1; k >= length; k--) {
                bytes[k] = (byte) ('0' + v % 10);
                v /= 10;
            }
            length += digits;
            return this;
        }
    }

    static int mix(long x) { // a fixed scramble of the request number: which known contact writes
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (x ^ (x >>> 33));
    }

    void read(Conn c) throws IOException {
        if (c.inLength == c.in.length) {
            c.in = Arrays.copyOf(c.in, c.in.length * 2);
            c.inBuffer = ByteBuffer.wrap(c.in);
        }
        c.inBuffer.limit(c.in.length).position(c.inLength);
        int n = c.channel.read(c.inBuffer);
        if (n < 0) {
            if (c.request >= 0) {
                fail(c, CLOSED, "connection closed by the service before its answer");
            } else {
                idle.get(c.url).remove(c);
                c.close();
            }
            return;
        }
        c.inLength += n;
        Response r = Response.parse(c.in, c.inLength);
        if (r == null) {
            return;
        }
        int i = c.request;
        if (i < 0) { // an answer nobody asked for: drop the connection
            c.close();
            return;
        }
        latency[i] = System.nanoTime() - scheduled(i);
        status[i] = (short) r.status;
        if (r.status != 201) {
            sample(Integer.toString(r.status), new String(c.in, r.bodyFrom, Math.min(200, r.end - r.bodyFrom), StandardCharsets.UTF_8));
        }
        busy.remove(c);
        c.request = -1;
        boolean extra = r.end != c.inLength;
        c.inLength = 0;
        if (r.close || extra) {
            c.close();
        } else {
            c.key.interestOps(SelectionKey.OP_READ); // an idle connection still notices the service closing it
            idle.get(c.url).add(c);
        }
    }

    void fail(Conn c, int code, String why) {
        if (c.request >= 0) {
            status[c.request] = (short) code;
            latency[c.request] = System.nanoTime() - scheduled(c.request);
            sample(code == TIMEOUT ? "timeout" : "closed", why);
            busy.remove(c);
        }
        idle.get(c.url).remove(c);
        c.close();
    }

    /** Abandons what waited longer than the timeout: in flight (its connection closed) or never sent. */
    void sweep(long now) {
        for (Conn c : new ArrayList<>(busy)) {
            if (now - scheduled(c.request) > timeoutNanos) {
                fail(c, TIMEOUT, "no answer within the timeout");
            }
        }
        for (ArrayDeque<Integer> q : pending) {
            while (!q.isEmpty() && now - scheduled(q.peek()) > timeoutNanos) {
                int i = q.poll();
                status[i] = NEVER_SENT;
                latency[i] = now - scheduled(i);
            }
        }
    }

    void sample(String kind, String text) {
        List<String> l = samples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (l.size() < 2) {
            l.add(text.replaceAll("\\s+", " "));
        }
    }

    /** A complete HTTP/1.1 response at the start of a buffer (Content-Length or chunked), or null. Parsed as bytes. */
    static final class Response {
        static final Response PENDING = null;
        final int status;
        final int bodyFrom;
        final int end;
        final boolean close;

        Response(int status, int bodyFrom, int end, boolean close) {
            this.status = status;
            this.bodyFrom = bodyFrom;
            this.end = end;
            this.close = close;
        }

        static Response parse(byte[] b, int n) {
            int headEnd = -1;
            for (int i = 3; i < n; i++) {
                if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                    headEnd = i + 1;
                    break;
                }
            }
            if (headEnd < 0 || n < 12) {
                return PENDING;
            }
            int code = (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
            boolean close = false, chunked = false;
            long length = -1;
            for (int line = indexOfCrlf(b, 0, headEnd) + 2; line < headEnd - 2; line = indexOfCrlf(b, line, headEnd) + 2) {
                if (startsWith(b, line, "content-length:")) {
                    length = number(b, line + 15, 10);
                } else if (startsWith(b, line, "transfer-encoding:")) {
                    chunked = contains(b, line, indexOfCrlf(b, line, headEnd), "chunked");
                } else if (startsWith(b, line, "connection:")) {
                    close = contains(b, line, indexOfCrlf(b, line, headEnd), "close");
                }
            }
            if (length >= 0) {
                return n >= headEnd + length ? new Response(code, headEnd, headEnd + (int) length, close) : PENDING;
            }
            if (chunked) {
                for (int p = headEnd; ; ) {
                    int eol = indexOfCrlf(b, p, n);
                    if (eol < 0) {
                        return PENDING;
                    }
                    long size = number(b, p, 16);
                    p = (int) (eol + 2 + size + 2);
                    if (p > n) {
                        return PENDING;
                    }
                    if (size == 0) {
                        return new Response(code, headEnd, p, close);
                    }
                }
            }
            // No length: nothing (204, 304, 1xx), or a body that ends with the connection (not expected here).
            return new Response(code, headEnd, headEnd, close || !(code == 204 || code == 304 || code / 100 == 1));
        }

        static boolean startsWith(byte[] b, int from, String lowerCase) {
            for (int k = 0; k < lowerCase.length(); k++) {
                if (from + k >= b.length || Character.toLowerCase(b[from + k]) != lowerCase.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        static boolean contains(byte[] b, int from, int to, String lowerCase) {
            for (int p = from; p + lowerCase.length() <= to; p++) {
                if (startsWith(b, p, lowerCase)) {
                    return true;
                }
            }
            return false;
        }

        static long number(byte[] b, int from, int radix) {
            long v = 0;
            int p = from;
            while (b[p] == ' ') {
                p++;
            }
            for (int d; (d = Character.digit(b[p], radix)) >= 0; p++) {
                v = v * radix + d;
            }
            return v;
        }

        static int indexOfCrlf(byte[] b, int from, int n) {
            for (int i = from; i + 1 < n; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }

    // ------------------------------------------------------------------ window samples

    record Snapshot(long at, Map<String, Long> cpuTicks, Map<String, Long> rssKb, double lagCount, double lagSum,
            Map<String, String> lagQuantiles, TreeMap<Double, Double> lagBuckets, long machineBusyTicks, String loadAverage) {
    }

    /**
     * A quantile of the commit→ack lags recorded between two snapshots, in ms: from the differences of the
     * histogram's cumulative bucket counts (all URLs), interpolated within the bucket that holds it.
     */
    static double lagQuantile(Snapshot from, Snapshot to, double q) {
        if (from == null || to == null || to.lagBuckets.isEmpty()) {
            return Double.NaN;
        }
        double total = to.lagBuckets.lastEntry().getValue() - from.lagBuckets.getOrDefault(to.lagBuckets.lastKey(), 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        double lower = 0, below = 0;
        for (var bucket : to.lagBuckets.entrySet()) {
            double count = bucket.getValue() - from.lagBuckets.getOrDefault(bucket.getKey(), 0.0);
            if (count >= q * total) {
                double upper = Double.isInfinite(bucket.getKey()) ? lower : bucket.getKey();
                double share = count == below ? 1 : (q * total - below) / (count - below);
                return (lower + (upper - lower) * share) * 1000;
            }
            lower = bucket.getKey();
            below = count;
        }
        return Double.NaN;
    }

    static double lagEvents(Snapshot from, Snapshot to) {
        return from == null || to == null ? Double.NaN : to.lagCount - from.lagCount;
    }

    /** All cores' busy time from /proc/stat (user, nice, system, irq, softirq, steal), in clock ticks. */
    static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "null";
        }
    }

    /** NAME=PID[+] entries; + adds the PID's children (PostgreSQL's backends). Always includes the generator. */
    static final class Procs {
        final Map<String, String> named = new LinkedHashMap<>();
        final int clkTck;

        Procs(String spec, int clkTck) {
            this.clkTck = clkTck;
            for (String e : spec.split(",")) {
                if (e.contains("=") && !e.endsWith("=")) {
                    named.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
                }
            }
            named.put("generator", Long.toString(ProcessHandle.current().pid()));
        }

        List<Long> pids(String spec) {
            long pid = Long.parseLong(spec.replace("+", ""));
            List<Long> all = new ArrayList<>(List.of(pid));
            if (spec.endsWith("+")) {
                try (Stream<Path> s = Files.list(Path.of("/proc"))) {
                    s.map(p -> p.getFileName().toString()).filter(f -> f.chars().allMatch(Character::isDigit))
                            .forEach(f -> {
                                String[] st = stat(Long.parseLong(f));
                                if (st != null && Long.parseLong(st[1]) == pid) {
                                    all.add(Long.parseLong(f));
                                }
                            });
                } catch (IOException ignored) {
                    // a /proc we cannot list: the parent alone
                }
            }
            return all;
        }
    }

    /** /proc/PID/stat fields from the state on (index 0 = field 3), or null. */
    static String[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static long rssKb(long pid) {
        return kb("/proc/" + pid + "/status", "VmRSS:");
    }

    /** Proportional set size: shared pages split among their sharers (PostgreSQL's shared buffers counted once). */
    static long pssKb(long pid) {
        return kb("/proc/" + pid + "/smaps_rollup", "Pss:");
    }

    static long kb(String file, String field) {
        try {
            for (String l : Files.readAllLines(Path.of(file))) {
                if (l.startsWith(field)) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // gone
        }
        return 0;
    }

    Snapshot snapshot(Procs procs) {
        long at = System.nanoTime();
        Map<String, Long> cpu = new LinkedHashMap<>(), rss = new LinkedHashMap<>();
        procs.named.forEach((name, spec) -> {
            for (long pid : procs.pids(spec)) {
                String[] st = stat(pid);
                if (st != null) {
                    cpu.put(name + "/" + pid, Long.parseLong(st[11]) + Long.parseLong(st[12]));
                    rss.merge(name, rssKb(pid), Long::sum);
                    if (spec.endsWith("+")) {
                        rss.merge(name + " PSS", pssKb(pid), Long::sum);
                    }
                }
            }
        });
        double count = 0, sum = 0;
        Map<String, String> quantiles = new TreeMap<>();
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (String u : urls) {
            for (String line : metrics(u)) {
                String[] f = line.split(" ");
                if (line.startsWith("switchboard_outbox_lag_seconds_count")) {
                    count += Double.parseDouble(f[f.length - 1]);
                } else if (line.startsWith("switchboard_outbox_lag_seconds_sum")) {
                    sum += Double.parseDouble(f[f.length - 1]);
                } else if (line.startsWith("switchboard_outbox_lag_seconds_bucket{")) {
                    String le = line.replaceAll(".*le=\"([^\"]+)\".*", "$1");
                    buckets.merge("+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
                            Double.parseDouble(f[f.length - 1]), Double::sum);
                } else if (line.startsWith("switchboard_outbox_lag_seconds{") && u.equals(urls.get(0))) {
                    quantiles.put(line.replaceAll(".*quantile=\"([0-9.]+)\".*", "$1"), f[f.length - 1]);
                }
            }
        }
        return new Snapshot(at, cpu, rss, count, sum, quantiles, buckets, machineBusyTicks(), loadAverage());
    }

    static List<String> metrics(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url + "/q/metrics").toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            try (InputStream in = c.getInputStream()) {
                return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            }
        } catch (IOException e) {
            return List.of();
        }
    }

    // ------------------------------------------------------------------ report

    static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format("%.3f", v);
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(v < 10 ? "%.2f ms" : "%.1f ms", v);
    }

    void report(Snapshot[] edges, Procs procs, long lateLimit, long windowFrom, long windowTo) {
        int n = (int) (total - firstMeasured);
        long stored = 0, shed503 = 0, shed429 = 0, timeouts = 0, neverSent = 0, closed = 0, waited = 0;
        long firstRequests = 0, firstShed = 0;
        Map<Integer, Long> other = new TreeMap<>();
        List<Long> all = new ArrayList<>(), known = new ArrayList<>(), first = new ArrayList<>(), late = new ArrayList<>();
        for (int i = (int) firstMeasured; i < total; i++) {
            int s = status[i];
            if (firstContact[i]) {
                firstRequests++;
                firstShed += s == 503 || s == 429 ? 1 : 0;
            }
            switch (s) {
                case 201 -> {
                    stored++;
                    all.add(latency[i]);
                    (firstContact[i] ? first : known).add(latency[i]);
                }
                case 503 -> shed503++;
                case 429 -> shed429++;
                case TIMEOUT -> timeouts++;
                case NEVER_SENT -> neverSent++;
                case CLOSED -> closed++;
                default -> other.merge(s, 1L, Long::sum);
            }
            if (lateness[i] > 0) {
                late.add(lateness[i]);
            } else if (lateness[i] < 0) {
                waited++;
            }
        }
        long[] lat = sorted(all), lk = sorted(known), lf = sorted(first), lt = sorted(late);
        long errors = timeouts + neverSent + closed + other.values().stream().mapToLong(Long::longValue).sum();
        double windowSeconds = (windowTo - windowFrom) / 1e9;
        double clk = procs.clkTck;
        Map<String, Double> cores = new LinkedHashMap<>();
        Map<String, Long> rssMb = new LinkedHashMap<>();
        double serviceCpuSeconds = 0, machineCores = Double.NaN;
        if (edges[0] != null && edges[1] != null) {
            double span = (edges[1].at - edges[0].at) / 1e9;
            machineCores = edges[0].machineBusyTicks < 0 ? Double.NaN
                    : (edges[1].machineBusyTicks - edges[0].machineBusyTicks) / clk / span;
            for (var e : edges[1].cpuTicks.entrySet()) {
                String name = e.getKey().substring(0, e.getKey().indexOf('/'));
                double secs = (e.getValue() - edges[0].cpuTicks.getOrDefault(e.getKey(), 0L)) / clk;
                cores.merge(name, secs / span, Double::sum);
                if (name.startsWith("conversation-service")) {
                    serviceCpuSeconds += secs;
                }
            }
            edges[1].rssKb.forEach((k, v) -> rssMb.put(k, v / 1024));
        }
        double cpuMsPerMsg = stored == 0 ? Double.NaN : serviceCpuSeconds * 1000 / stored;
        double lagMeanMs = edges[0] == null || edges[1] == null || edges[1].lagCount <= edges[0].lagCount ? Double.NaN
                : (edges[1].lagSum - edges[0].lagSum) / (edges[1].lagCount - edges[0].lagCount) * 1000;
        double lateP99 = pct(lt, 0.99);
        boolean keptUp = lt.length == 0 || lateP99 * 1e6 <= lateLimit;
        double genCores = cores.getOrDefault("generator", Double.NaN);

        System.out.printf("  offered %.0f msg/s for %d s (after %d s warm-up) to %s%n", rate, seconds, warmup, String.join(" + ", urls));
        System.out.printf("  stored (201)       %.1f msg/s   (%d of %d requests)%n", stored / windowSeconds, stored, n);
        System.out.printf("  shed (503/429)     %.2f %%   (503: %d, 429: %d)%n", 100.0 * (shed503 + shed429) / n, shed503, shed429);
        System.out.printf("  other errors       %d   (timed out: %d in flight, %d never sent for want of a connection; closed: %d; other statuses: %s)%n",
                errors, timeouts, neverSent, closed, other);
        samples.forEach((k, v) -> v.forEach(t -> System.out.println("      e.g. " + k + ": " + t)));
        System.out.printf("  POST admitted      p50 %s   p99 %s   p99.9 %s   max %s%n", ms(pct(lat, 0.5)), ms(pct(lat, 0.99)),
                ms(pct(lat, 0.999)), ms(lat.length == 0 ? Double.NaN : lat[lat.length - 1] / 1e6));
        System.out.printf("    known contact    p50 %s   p99 %s   (%d)%n", ms(pct(lk, 0.5)), ms(pct(lk, 0.99)), lk.length);
        System.out.printf("    first contact    p50 %s   p99 %s   (%d stored of %d first-contact requests, %d shed, %d failed; through customer-service)%n",
                ms(pct(lf, 0.5)), ms(pct(lf, 0.99)), lf.length, firstRequests, firstShed, firstRequests - lf.length - firstShed);
        System.out.printf("  service CPU        %s per stored message   (cores busy: %s)%n", ms(cpuMsPerMsg), coresText(cores));
        System.out.printf("  machine            %.2f of %d cores busy, %.2f of them outside the processes above; load average %s%n",
                machineCores, Runtime.getRuntime().availableProcessors(),
                machineCores - cores.values().stream().mapToDouble(Double::doubleValue).sum(), edges[1] == null ? "?" : edges[1].loadAverage);
        System.out.printf("  RSS                %s%n", rssText(rssMb));
        System.out.printf("  generator          %s: writes late p50 %s p99 %s max %s; %d waited for a connection; %d connections (%d opened); CPU %.0f %% of a core%n",
                keptUp ? "kept up" : "FELL BEHIND the schedule (its latencies overstate the service's)",
                ms(pct(lt, 0.5)), ms(lateP99), ms(lt.length == 0 ? Double.NaN : lt[lt.length - 1] / 1e6), waited,
                peakConnections, connectionsOpened, genCores * 100);

        StringBuilder j = new StringBuilder("{");
        j.append("\"offered\":").append(num(rate)).append(",\"urls\":").append(urls.size())
                .append(",\"warmup_s\":").append(warmup).append(",\"seconds\":").append(seconds)
                .append(",\"requests\":").append(n).append(",\"stored\":").append(stored)
                .append(",\"stored_per_s\":").append(num(stored / windowSeconds))
                .append(",\"shed_503\":").append(shed503).append(",\"shed_429\":").append(shed429)
                .append(",\"shed_share\":").append(num((shed503 + shed429) / (double) n))
                .append(",\"errors\":").append(errors).append(",\"timeouts\":").append(timeouts)
                .append(",\"never_sent\":").append(neverSent).append(",\"closed\":").append(closed)
                .append(",\"error_share\":").append(num(errors / (double) n))
                .append(",\"post_ms\":{\"p50\":").append(num(pct(lat, 0.5))).append(",\"p99\":").append(num(pct(lat, 0.99)))
                .append(",\"p999\":").append(num(pct(lat, 0.999))).append(",\"max\":")
                .append(num(lat.length == 0 ? Double.NaN : lat[lat.length - 1] / 1e6)).append('}')
                .append(",\"known_ms\":{\"p50\":").append(num(pct(lk, 0.5))).append(",\"p99\":").append(num(pct(lk, 0.99)))
                .append(",\"n\":").append(lk.length).append('}')
                .append(",\"first_contact_ms\":{\"p50\":").append(num(pct(lf, 0.5))).append(",\"p99\":").append(num(pct(lf, 0.99)))
                .append(",\"n\":").append(lf.length).append(",\"requests\":").append(firstRequests)
                .append(",\"shed\":").append(firstShed).append('}')
                .append(",\"service_cpu_ms_per_msg\":").append(num(cpuMsPerMsg))
                .append(",\"cores\":{");
        cores.forEach((k, v) -> j.append('"').append(k).append("\":").append(num(v)).append(','));
        trimComma(j).append("},\"machine_cores_busy\":").append(num(machineCores))
                .append(",\"load_average\":").append(edges[1] == null ? "null" : edges[1].loadAverage).append(",\"rss_mb\":{");
        rssMb.forEach((k, v) -> j.append('"').append(k).append("\":").append(v).append(','));
        trimComma(j).append("},\"generator\":{\"kept_up\":").append(keptUp)
                .append(",\"late_p50_ms\":").append(num(pct(lt, 0.5))).append(",\"late_p99_ms\":").append(num(lateP99))
                .append(",\"late_max_ms\":").append(num(lt.length == 0 ? Double.NaN : lt[lt.length - 1] / 1e6))
                .append(",\"waited_for_connection\":").append(waited).append(",\"connections\":").append(peakConnections)
                .append(",\"cpu_cores\":").append(num(genCores)).append('}')
                .append(",\"lag_window\":{\"p50\":").append(num(lagQuantile(edges[0], edges[1], 0.5)))
                .append(",\"p99\":").append(num(lagQuantile(edges[0], edges[1], 0.99)))
                .append(",\"events\":").append(num(lagEvents(edges[0], edges[1]))).append('}')
                .append(",\"lag_prometheus\":{\"mean_ms\":").append(num(lagMeanMs));
        if (edges[1] != null) {
            edges[1].lagQuantiles.forEach((q, v) -> j.append(",\"q").append(q).append("_window_ms\":")
                    .append(num(Double.parseDouble(v) * 1000)));
        }
        long wallOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        j.append("},\"window_ms\":[").append((windowFrom + wallOffset) / 1_000_000L).append(',')
                .append((windowTo + wallOffset) / 1_000_000L).append("]}");
        System.out.println("RESULT " + j);
    }

    static StringBuilder trimComma(StringBuilder b) {
        if (b.charAt(b.length() - 1) == ',') {
            b.setLength(b.length() - 1);
        }
        return b;
    }

    static long[] sorted(List<Long> l) {
        long[] a = l.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    static String coresText(Map<String, Double> cores) {
        StringBuilder b = new StringBuilder();
        cores.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format("%.2f", v)));
        return b.toString();
    }

    static String rssText(Map<String, Long> rss) {
        StringBuilder b = new StringBuilder();
        rss.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v).append(" MB"));
        return b.toString();
    }
}
