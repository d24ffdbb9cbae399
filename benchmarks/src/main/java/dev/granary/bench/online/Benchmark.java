package dev.granary.bench.online;

import dev.granary.client.GranaryClient;
import dev.granary.config.GranaryConfig;
import dev.granary.offline.ParquetTables;
import dev.granary.online.EntityKey;
import dev.granary.online.OnlineRow;
import dev.granary.online.OnlineStore;
import dev.granary.online.RedisConfig;
import dev.granary.server.GranaryServer;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import dev.granary.spec.json.SpecJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.springframework.context.ConfigurableApplicationContext;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;

/**
 * {@code ./bench online [--quick]}: starts {@code granary serve} in process ({@code online.type: redis}, a temporary
 * repository with an H2 registry), loads N entities x 50 FLOAT64 features (1M, or 20k with {@code --quick}) and
 * drives it with an open-loop load generator: a fixed request rate spread over {@value #CONNECTIONS} keep-alive
 * connections (raw sockets, HTTP/1.1), each request's latency measured from its intended send time so a stall
 * counts for every request it delays (coordinated omission corrected), recorded in HdrHistograms. Measured at
 * 1,000 requests/s: 1-entity and 100-entity lookups of 50 features over HTTP; the same reads as raw Jedis (HMGET of
 * 50 fields from one hash per entity, pipelined for 100 entities) on a same-shaped data set; and GranaryClient
 * straight to Redis. Then the highest 1-entity rate held with p99 under 2 ms. Redis from
 * {@code GRANARY_BENCH_REDIS_URL} (default {@code redis://127.0.0.1:6379}); every key it writes is removed after.
 * Last line: {@code RESULT online p99_1_ms=<> p99_100_ms=<> max_rps=<> jedis_p99_1_ms=<> ratio=<p99_1/jedis_p99_1>}.
 */
public final class Benchmark {
    private static final int FEATURES = 50;
    private static final int CONNECTIONS = 16;
    private static final double RATE = 1_000;
    private static final long P99_LIMIT_NANOS = 2_000_000;
    private static final String JEDIS_PREFIX = "granary-bench-online:jedis:";
    private static final String VIEW = "user_stats";

    private Benchmark() {
    }

    /** One blocking request on one connection; returns false when the answer was not a success. */
    @FunctionalInterface
    interface Caller {
        boolean call(int i) throws IOException;
    }

    record Measure(String label, double rate, long count, long errors, double achieved, Histogram histogram) {
        double p50() {
            return histogram.getValueAtPercentile(50) / 1e6;
        }

        double p99() {
            return histogram.getValueAtPercentile(99) / 1e6;
        }

        String line() {
            return String.format("%-34s rate %,7.0f/s achieved %,8.0f/s  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms"
                            + "  max %7.3f ms  errors %d", label, rate, achieved, p50(), p99(),
                    histogram.getValueAtPercentile(99.9) / 1e6, histogram.getMaxValue() / 1e6, errors);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int entities = quick ? 20_000 : 1_000_000;
        double seconds = quick ? 5 : 15;
        double stepSeconds = quick ? 3 : 6;
        String redisUrl = System.getenv().getOrDefault("GRANARY_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
        String project = "bench_online_" + UUID.randomUUID().toString().substring(0, 8);
        Path repo = Files.createTempDirectory("granary-bench-online");
        Files.writeString(repo.resolve("granary.yaml"), "project: " + project + "\n"
                + "online:\n  type: redis\n  url: \"" + redisUrl + "\"\n  poolSize: 32\n"
                + "server:\n  port: 0\n");
        RepoSpec spec = spec(project);
        writeSource(repo.resolve("data/users.parquet"));
        FeatureViewSpec view = spec.featureView(VIEW).orElseThrow();
        List<String> featureRefs = view.featureNames().stream().map(f -> VIEW + ":" + f).toList();

        ConfigurableApplicationContext server = GranaryServer.start(GranaryConfig.load(repo),
                "--logging.level.root=WARN", "--server.tomcat.threads.max=64",
                "--server.tomcat.max-keep-alive-requests=-1", "--server.tomcat.keep-alive-timeout=60000");
        RedisClient raw = rawClient(redisUrl);
        try (OnlineStore store = OnlineStore.redis(RedisConfig.of(redisUrl))) {
            int port = server.getEnvironment().getProperty("local.server.port", Integer.class);
            apply(port, spec);
            System.out.printf("online: %,d entities x %d features in %s; server on port %d; %d connections%n",
                    entities, FEATURES, redisUrl, port, CONNECTIONS);
            long loadStart = System.nanoTime();
            load(store, raw, project, view, entities);
            System.out.printf("loaded both data sets in %.1f s%n", (System.nanoTime() - loadStart) / 1e9);

            SplittableRandom random = new SplittableRandom(42);
            byte[][] one = httpRequests(port, featureRefs, entities, 1, 2_000, random);
            byte[][] hundred = httpRequests(port, featureRefs, entities, 100, 200, random);
            long[][] oneIds = ids(entities, 1, 2_000, random);
            long[][] hundredIds = ids(entities, 100, 200, random);
            byte[][] fields = new byte[FEATURES][];
            for (int f = 0; f < FEATURES; f++) {
                fields[f] = view.featureNames().get(f).getBytes(StandardCharsets.UTF_8);
            }

            // warm-up: JIT, connections, Tomcat threads, the spec and plan caches
            run("warm-up", RATE, quick ? 3 : 8, k -> http(port, one));
            run("warm-up", 200, quick ? 2 : 5, k -> http(port, hundred));
            run("warm-up", RATE, 2, k -> jedisGet(raw, oneIds));
            List<Measure> measures = new ArrayList<>();
            Measure http1 = record(measures, run("HTTP 1 entity x 50 features", RATE, seconds, k -> http(port, one)));
            Measure http100 = record(measures, run("HTTP 100 entities x 50 features", RATE, seconds,
                    k -> http(port, hundred)));
            Measure jedis1 = record(measures, run("raw Jedis GET 1 (same-size value)", RATE, seconds,
                    k -> jedisGet(raw, oneIds)));
            Measure jedis100 = record(measures, run("raw Jedis pipelined GET 100", RATE, seconds,
                    k -> jedisGet(raw, hundredIds)));
            record(measures, run("raw Jedis HMGET 1 x 50 fields (hash)", RATE, seconds,
                    k -> jedisHash(raw, fields, oneIds)));
            record(measures, run("HTTP 100 x 50 at 100/s", 100, seconds, k -> http(port, hundred)));
            Measure client1;
            Measure client100;
            try (GranaryClient client = GranaryClient.redis(RedisConfig.of(redisUrl), spec)) {
                List<List<Map<String, Object>>> oneRows = rows(oneIds);
                List<List<Map<String, Object>>> hundredRows = rows(hundredIds);
                run("warm-up", RATE, 2, k -> i -> client.getOnlineFeatures(featureRefs, oneRows.get(i % oneRows.size()))
                        .size() == 1);
                client1 = record(measures, run("GranaryClient->Redis 1 x 50", RATE, seconds,
                        k -> i -> client.getOnlineFeatures(featureRefs, oneRows.get(i % oneRows.size())).size() == 1));
                client100 = record(measures, run("GranaryClient->Redis 100 x 50", RATE, seconds,
                        k -> i -> client.getOnlineFeatures(featureRefs, hundredRows.get(i % hundredRows.size()))
                                .size() == 100));
            }

            double maxRps = maxRate("HTTP 1 x 50, max-rate step", stepSeconds, k -> http(port, one));
            // the same search for the raw Jedis read, so a loaded machine shows in the baseline too
            double jedisMaxRps = maxRate("raw Jedis GET 1, max-rate step", stepSeconds, k -> jedisGet(raw, oneIds));

            System.out.println();
            measures.forEach(m -> System.out.println(m.line()));
            System.out.printf("GranaryClient->Redis vs raw Jedis p99: 1 entity %.2fx, 100 entities %.2fx%n",
                    client1.p99() / jedis1.p99(), client100.p99() / jedis100.p99());
            System.out.printf("highest 1-entity rate held with p99 < 2 ms: %,.0f requests/s over HTTP, %,.0f raw Jedis%n",
                    maxRps, jedisMaxRps);
            store.deleteProject(project);
            clean(raw);
            server.close();
            System.out.printf("HTTP 1-entity p99 vs raw Jedis GET p99: %.2fx%n", http1.p99() / jedis1.p99());
            System.out.printf("RESULT online p99_1_ms=%.3f p99_100_ms=%.3f max_rps=%.0f jedis_p99_1_ms=%.3f ratio=%.2f%n",
                    http1.p99(), http100.p99(), maxRps, jedis1.p99(), http1.p99() / jedis1.p99());
        } finally {
            if (server.isActive()) {
                server.close();
            }
            raw.close();
            try (Stream<Path> files = Files.walk(repo)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The highest of 1k..20k requests/s held with p99 < 2 ms, >= 95 % achieved and no error (0 if none). */
    private static double maxRate(String label, double stepSeconds, IntFunction<Caller> callers) throws Exception {
        double max = 0;
        for (double rate : new double[] {1_000, 2_000, 4_000, 6_000, 8_000, 10_000, 12_000, 15_000, 20_000}) {
            Measure step = run(label, rate, stepSeconds, callers);
            System.out.println(step.line());
            boolean held = step.histogram().getValueAtPercentile(99) < P99_LIMIT_NANOS
                    && step.achieved() >= 0.95 * rate && step.errors() == 0;
            if (!held) {
                break;
            }
            max = rate;
        }
        return max;
    }

    private static Measure record(List<Measure> measures, Measure measure) {
        System.out.println(measure.line());
        measures.add(measure);
        return measure;
    }

    /**
     * Open loop: request {@code i} is due at {@code start + i / rate}; connection {@code k} sends requests
     * {@code k, k + N, ...}, each when due or as soon as its previous one returned, and records the time from due
     * to answered.
     */
    static Measure run(String label, double rate, double seconds, IntFunction<Caller> callers) throws Exception {
        long interval = (long) (1e9 / rate);
        int total = (int) (rate * seconds);
        Histogram[] histograms = new Histogram[CONNECTIONS];
        AtomicLong errors = new AtomicLong();
        AtomicLong lastDone = new AtomicLong();
        Thread[] threads = new Thread[CONNECTIONS];
        long start = System.nanoTime() + 20_000_000;
        for (int k = 0; k < CONNECTIONS; k++) {
            int connection = k;
            histograms[k] = new Histogram(60_000_000_000L, 3);
            Caller caller = callers.apply(k);
            threads[k] = Thread.ofPlatform().name("load-" + k).start(() -> {
                Histogram histogram = histograms[connection];
                for (int i = connection; i < total; i += CONNECTIONS) {
                    long due = start + i * interval;
                    long now;
                    while ((now = System.nanoTime()) < due) {
                        LockSupport.parkNanos(due - now);
                    }
                    try {
                        if (!caller.call(i)) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                    }
                    long done = System.nanoTime();
                    histogram.recordValue(Math.min(done - due, histogram.getHighestTrackableValue()));
                    lastDone.accumulateAndGet(done, Math::max);
                }
                if (caller instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception ignored) {
                        // the connection is done either way
                    }
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Histogram all = new Histogram(60_000_000_000L, 3);
        for (Histogram histogram : histograms) {
            all.add(histogram);
        }
        double achieved = total / ((lastDone.get() - start) / 1e9);
        return new Measure(label, rate, total, errors.get(), achieved, all);
    }

    /** A keep-alive HTTP/1.1 connection sending the prepared requests in turn. */
    static Caller http(int port, byte[][] requests) {
        try {
            return new HttpConnection(new Socket("127.0.0.1", port), requests);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class HttpConnection implements Caller, AutoCloseable {
        private final int port;
        private Socket socket;
        private OutputStream out;
        private InputStream in;
        private final byte[][] requests;
        private final byte[] scratch = new byte[1 << 20];

        HttpConnection(Socket socket, byte[][] requests) throws IOException {
            this.port = socket.getPort();
            this.requests = requests;
            attach(socket);
        }

        private void attach(Socket s) throws IOException {
            s.setTcpNoDelay(true);
            socket = s;
            out = s.getOutputStream();
            in = new BufferedInputStream(s.getInputStream(), 1 << 16);
        }

        @Override
        public boolean call(int i) throws IOException {
            try {
                out.write(requests[i % requests.length]);
                out.flush();
                return HttpResponses.read(in, scratch) == 200;
            } catch (IOException e) {
                // counted as an error by the caller; the next request gets a fresh connection
                socket.close();
                attach(new Socket("127.0.0.1", port));
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Reads one hash of 50 fields per entity (HMGET; pipelined for several), Feast's Redis layout. */
    static Caller jedisHash(RedisClient raw, byte[][] fields, long[][] ids) {
        return i -> {
            long[] batch = ids[i % ids.length];
            if (batch.length == 1) {
                return raw.hmget(hashKey(batch[0]), fields).size() == FEATURES;
            }
            try (Pipeline pipeline = raw.pipelined()) {
                List<redis.clients.jedis.Response<List<byte[]>>> replies = new ArrayList<>(batch.length);
                for (long id : batch) {
                    replies.add(pipeline.hmget(hashKey(id), fields));
                }
                pipeline.sync();
                return replies.getLast().get().size() == FEATURES;
            }
        };
    }

    /** Reads one value per entity as big as Granary's packed row (GET; pipelined for several): Granary's reads. */
    static Caller jedisGet(RedisClient raw, long[][] ids) {
        return i -> {
            long[] batch = ids[i % ids.length];
            if (batch.length == 1) {
                return raw.get(blobKey(batch[0])) != null;
            }
            try (Pipeline pipeline = raw.pipelined()) {
                List<redis.clients.jedis.Response<byte[]>> replies = new ArrayList<>(batch.length);
                for (long id : batch) {
                    replies.add(pipeline.get(blobKey(id)));
                }
                pipeline.sync();
                return replies.getLast().get() != null;
            }
        };
    }

    private static RepoSpec spec(String project) {
        List<FeatureSpec> features = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            features.add(new FeatureSpec(String.format("f%02d", f), ValueType.FLOAT64));
        }
        return new RepoSpec(project,
                List.of(new EntitySpec("user", List.of(new JoinKey("user_id", ValueType.INT64)), "")),
                List.of(new SourceSpec("users", "data/users.parquet", "event_timestamp", null)),
                List.of(new FeatureViewSpec(VIEW, List.of("user"), "users", 0, true, features, List.of(), "", null, "")),
                List.of());
    }

    /** One source row, so the spec's source checks pass; the benchmark's data goes straight to the stores. */
    private static void writeSource(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        List<ParquetTables.Column> columns = new ArrayList<>();
        columns.add(new ParquetTables.Column("user_id", ValueType.INT64));
        columns.add(new ParquetTables.Column("event_timestamp", ValueType.TIMESTAMP));
        Object[] row = new Object[2 + FEATURES];
        row[0] = 1L;
        row[1] = Instant.now();
        for (int f = 0; f < FEATURES; f++) {
            columns.add(new ParquetTables.Column(String.format("f%02d", f), ValueType.FLOAT64));
            row[2 + f] = 0.5;
        }
        ParquetTables.write(file, columns, List.<Object[]>of(row));
    }

    private static void apply(int port, RepoSpec spec) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/apply?author=bench"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(SpecJson.write(spec))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("apply failed: " + response.body());
            }
        }
    }

    /**
     * The same values into Granary's store (OnlineStore.write), then for the raw Jedis reads: one value per entity
     * as long as Granary's stored row, and one hash of 50 fields per entity.
     */
    private static void load(OnlineStore store, RedisClient raw, String project, FeatureViewSpec view, int entities) {
        SplittableRandom random = new SplittableRandom(7);
        Instant time = Instant.now().minusSeconds(60);
        byte[][] fields = view.featureNames().stream().map(f -> f.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        int batch = 10_000;
        int blobSize = -1;
        for (int from = 1; from <= entities; from += batch) {
            int to = Math.min(entities, from + batch - 1);
            List<OnlineRow> rows = new ArrayList<>(to - from + 1);
            List<Map<byte[], byte[]>> hashes = new ArrayList<>(to - from + 1);
            for (long id = from; id <= to; id++) {
                List<Object> values = new ArrayList<>(FEATURES);
                Map<byte[], byte[]> hash = new LinkedHashMap<>();
                for (int f = 0; f < FEATURES; f++) {
                    double value = random.nextDouble();
                    values.add(value);
                    hash.put(fields[f], ByteBuffer.allocate(8).putDouble(value).array());
                }
                rows.add(new OnlineRow(EntityKey.of(id), time, values));
                hashes.add(hash);
            }
            store.write(project, view, view.featureNames(), rows);
            if (blobSize < 0) {
                blobSize = granaryValueSize(raw, project);
                System.out.printf("Granary stores one row of %d features in %d bytes%n", FEATURES, blobSize);
            }
            try (Pipeline pipeline = raw.pipelined()) {
                for (int r = 0; r < hashes.size(); r++) {
                    long id = from + r;
                    byte[] blob = new byte[blobSize];
                    random.nextBytes(blob);
                    pipeline.set(blobKey(id), blob);
                    pipeline.hset(hashKey(id), hashes.get(r));
                }
                pipeline.sync();
            }
        }
    }

    private static byte[][] httpRequests(int port, List<String> features, int entities, int perRequest, int count,
                                         SplittableRandom random) {
        byte[][] requests = new byte[count][];
        StringBuilder featureJson = new StringBuilder("[");
        for (int f = 0; f < features.size(); f++) {
            featureJson.append(f == 0 ? "" : ",").append('"').append(features.get(f)).append('"');
        }
        featureJson.append(']');
        for (int r = 0; r < count; r++) {
            StringBuilder ids = new StringBuilder();
            for (int e = 0; e < perRequest; e++) {
                ids.append(e == 0 ? "" : ",").append(1 + random.nextInt(entities));
            }
            byte[] body = ("{\"features\":" + featureJson + ",\"entities\":{\"user_id\":[" + ids + "]}}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST /get-online-features HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            requests[r] = ByteBuffer.allocate(head.length + body.length).put(head).put(body).array();
        }
        return requests;
    }

    private static long[][] ids(int entities, int perRequest, int count, SplittableRandom random) {
        long[][] out = new long[count][perRequest];
        for (long[] row : out) {
            for (int e = 0; e < perRequest; e++) {
                row[e] = 1 + random.nextInt(entities);
            }
        }
        return out;
    }

    private static List<List<Map<String, Object>>> rows(long[][] ids) {
        List<List<Map<String, Object>>> out = new ArrayList<>(ids.length);
        for (long[] batch : ids) {
            List<Map<String, Object>> rows = new ArrayList<>(batch.length);
            for (long id : batch) {
                rows.add(Map.of("user_id", id));
            }
            out.add(rows);
        }
        return out;
    }

    private static byte[] hashKey(long id) {
        return (JEDIS_PREFIX + "h:" + id).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] blobKey(long id) {
        return (JEDIS_PREFIX + "b:" + id).getBytes(StandardCharsets.US_ASCII);
    }

    /** The size of one of Granary's stored rows (its keys start with the default prefix and the project). */
    private static int granaryValueSize(RedisClient raw, String project) {
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        ScanParams match = new ScanParams().match(("granary:" + project + ":*").getBytes(StandardCharsets.UTF_8))
                .count(1000);
        do {
            var page = raw.scan(cursor, match);
            if (!page.getResult().isEmpty()) {
                return Math.toIntExact(raw.strlen(page.getResult().getFirst()));
            }
            cursor = page.getCursorAsBytes();
        } while (!"0".equals(new String(cursor, StandardCharsets.US_ASCII)));
        throw new IllegalStateException("no Granary key found for project " + project);
    }

    private static RedisClient rawClient(String url) {
        URI uri = URI.create(url);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(CONNECTIONS + 2);
        pool.setMaxIdle(CONNECTIONS + 2);
        return RedisClient.builder().hostAndPort(new HostAndPort(uri.getHost(), uri.getPort()))
                .clientConfig(DefaultJedisClientConfig.builder().build()).poolConfig(pool).build();
    }

    private static void clean(RedisClient raw) {
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        ScanParams match = new ScanParams().match((JEDIS_PREFIX + "*").getBytes(StandardCharsets.UTF_8)).count(5000);
        do {
            var page = raw.scan(cursor, match);
            if (!page.getResult().isEmpty()) {
                raw.unlink(page.getResult().toArray(byte[][]::new));
            }
            cursor = page.getCursorAsBytes();
        } while (!"0".equals(new String(cursor, StandardCharsets.US_ASCII)));
    }

    /** Reads one HTTP/1.1 response (Content-Length or chunked) off a keep-alive connection. */
    static final class HttpResponses {
        private HttpResponses() {
        }

        static int read(InputStream in, byte[] scratch) throws IOException {
            String status = line(in);
            if (status == null) {
                throw new IOException("connection closed");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            String header;
            while (!(header = line(in)).isEmpty()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(header.substring(colon + 1).trim());
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = header.substring(colon + 1).trim().equalsIgnoreCase("chunked");
                }
            }
            if (chunked) {
                long size;
                while ((size = Long.parseLong(line(in).split(";")[0].trim(), 16)) > 0) {
                    skip(in, size, scratch);
                    line(in);
                }
                line(in);
            } else if (length > 0) {
                skip(in, length, scratch);
            }
            return code;
        }

        private static void skip(InputStream in, long n, byte[] scratch) throws IOException {
            long left = n;
            while (left > 0) {
                int read = in.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (read < 0) {
                    throw new IOException("connection closed mid-body");
                }
                left -= read;
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder text = new StringBuilder(64);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int last = text.length() - 1;
                    if (last >= 0 && text.charAt(last) == '\r') {
                        text.setLength(last);
                    }
                    return text.toString();
                }
                text.append((char) c);
            }
            return text.isEmpty() ? null : text.toString();
        }
    }
}
