package dev.granary.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.config.GranaryConfig;
import dev.granary.offline.ParquetTables;
import dev.granary.server.GranaryServer;
import dev.granary.serving.OnlinePort;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./bench soak [--minutes N] [--quick]}: the server (in this JVM, both ports) on its own {@code redis-server}
 * (a private port) under steady mixed load for N minutes (default 10; {@code --quick}: 1), bounded and on loopback
 * only:
 * <ul>
 *   <li>lookups at a fixed rate ({@value #LOOKUPS_PER_S}/s, open loop: sent on schedule whatever the answers do),
 *       alternating between the serving port and the main port, one random driver each, two features;</li>
 *   <li>pushes ({@value #PUSHES_PER_S}/s, one new entity each, remembered when acknowledged), searches
 *       ({@value #SEARCHES_PER_S}/s), an apply every {@value #APPLY_EVERY_S} s, and one materialization of the
 *       source at a sixth of the run;</li>
 *   <li>at 40% of the run Redis is paused ({@code SIGSTOP}) for {@value #PAUSE_S} s and resumed.</li>
 * </ul>
 * Then every acknowledged push is read back; one whose value is not there is a lost write. Last line:
 * {@code RESULT soak minutes=<> requests=<> errors=<> non_503_errors=<> p99_ms=<> recovered_s=<> lost_writes=<>}:
 * errors are answers other than 2xx (and requests that got no answer), non-503 errors those of them that are not
 * {@code 503} (a failing Redis may cost 503s, nothing else); {@code p99_ms} is the 99th percentile of the lookups
 * answered 200, from the time each was due; {@code recovered_s} the time from resuming Redis to the first lookup
 * sent after it that is answered 200. Goals: {@code non_503_errors=0}, {@code lost_writes=0},
 * {@code recovered_s <= 5}. The p99 of lookups due outside the pause (and the {@value #PAUSE_S} s after it) is
 * printed for information. Method and figures: docs/benchmarks.md.
 */
public final class Benchmark {
    static final int LOOKUPS_PER_S = 200;
    static final int PUSHES_PER_S = 20;
    static final int SEARCHES_PER_S = 2;
    static final int APPLY_EVERY_S = 20;
    static final int PAUSE_S = 5;
    private static final int DRIVERS = 5_000;
    private static final long PUSHED_IDS = 10_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong non503 = new AtomicLong();
    private final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
    private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    /** Lookups due before the pause or more than {@value #PAUSE_S} s after the resume: steady-state latency. */
    private final Histogram steady = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private volatile long pausedAt = Long.MAX_VALUE;
    private final Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();
    private final AtomicLong pushes = new AtomicLong();
    /** When Redis was resumed (System.nanoTime), and the first 200 lookup sent after it; 0 until then. */
    private volatile long resumedAt;
    private final AtomicLong recoveredAt = new AtomicLong();

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        boolean quick = options.contains("--quick");
        int at = options.indexOf("--minutes");
        double minutes = at >= 0 && at + 1 < options.size() ? Double.parseDouble(options.get(at + 1)) : quick ? 1 : 10;
        if (!(minutes > 0 && minutes <= 24 * 60)) {
            throw new IllegalArgumentException("--minutes must be more than 0 and at most 1440, got " + minutes);
        }
        new Benchmark().run(minutes);
    }

    private void run(double minutes) throws Exception {
        Path dir = Files.createTempDirectory("granary-bench-soak");
        String project = "soak";
        try (PrivateRedis redis = PrivateRedis.start(dir)) {
            Files.writeString(dir.resolve("granary.yaml"), "project: " + project + "\n"
                    + "online:\n  type: redis\n  url: \"" + redis.url() + "\"\n"
                    + "server:\n  port: 0\n  onlinePort: 0\n");
            writeSource(dir.resolve("data/drivers.parquet"));
            RepoSpec spec = spec(project);
            ConfigurableApplicationContext server = GranaryServer.start(GranaryConfig.load(dir),
                    "--logging.level.root=WARN");
            try {
                int main = server.getEnvironment().getProperty("local.server.port", Integer.class);
                int serving = server.getBean(OnlinePort.class).port().orElseThrow();
                JsonNode applied = json(send(main, "POST", "/api/v1/apply?author=soak", SpecJson.write(spec)));
                if (applied.path("version").asInt(-1) < 1) {
                    throw new IllegalStateException("apply failed: " + applied);
                }
                System.out.printf(Locale.ROOT,
                        "soak: %.1f min on %s; lookups %d/s (serving port %d, main port %d), pushes %d/s,"
                        + " searches %d/s, an apply every %d s, one materialization, Redis paused %d s at 40%%%n",
                        minutes, redis.url(), LOOKUPS_PER_S, serving, main, PUSHES_PER_S, SEARCHES_PER_S,
                        APPLY_EVERY_S, PAUSE_S);
                load(minutes, main, serving, redis, spec);
                long lost = lostWrites(main);
                report(minutes, lost);
            } finally {
                server.close();
            }
        }
    }

    private void load(double minutes, int main, int serving, PrivateRedis redis, RepoSpec spec) throws Exception {
        long runNanos = (long) (minutes * 60e9);
        long start = System.nanoTime();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        AtomicLong lookupCount = new AtomicLong();
        long lookupPeriod = TimeUnit.SECONDS.toNanos(1) / LOOKUPS_PER_S;
        clock.scheduleAtFixedRate(() -> {
            long n = lookupCount.getAndIncrement();
            long due = start + n * lookupPeriod;
            lookup(n % 2 == 0 ? serving : main, 1 + (n * 7919) % DRIVERS, due);
        }, 0, lookupPeriod, TimeUnit.NANOSECONDS);
        clock.scheduleAtFixedRate(() -> push(serving), 0, TimeUnit.SECONDS.toNanos(1) / PUSHES_PER_S,
                TimeUnit.NANOSECONDS);
        clock.scheduleAtFixedRate(() -> other(main, "GET", "/api/v1/search?q=conv", null), 0,
                TimeUnit.SECONDS.toNanos(1) / SEARCHES_PER_S, TimeUnit.NANOSECONDS);
        String specJson = SpecJson.write(spec);
        clock.scheduleAtFixedRate(() -> other(main, "POST", "/api/v1/apply?author=soak", specJson),
                APPLY_EVERY_S, APPLY_EVERY_S, TimeUnit.SECONDS);

        sleepUntil(start + runNanos / 6);
        materialize(main);
        sleepUntil(start + runNanos * 2 / 5);
        System.out.printf(Locale.ROOT, "pausing Redis for %d s%n", PAUSE_S);
        pausedAt = System.nanoTime();
        redis.pause();
        Thread.sleep(TimeUnit.SECONDS.toMillis(PAUSE_S));
        redis.resume();
        resumedAt = System.nanoTime();
        System.out.println("resumed Redis");
        sleepUntil(start + runNanos);
        clock.shutdown();
        clock.awaitTermination(10, TimeUnit.SECONDS);
        for (CompletableFuture<?> request : inFlight) {
            request.handle((r, e) -> null).get(60, TimeUnit.SECONDS);
        }
    }

    private void lookup(int port, long driver, long due) {
        long sent = System.nanoTime();
        String body = "{\"features\": [\"driver_stats:conv_rate\", \"driver_stats:trips\"], \"entities\": "
                + "{\"driver_id\": [" + driver + "]}}";
        track(http.sendAsync(request(port, "POST", "/get-online-features", body), HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, failure) -> {
                    boolean ok = answered(response, failure, "lookup");
                    if (ok) {
                        long nanos = Math.min(System.nanoTime() - due, latency.getHighestTrackableValue());
                        long resumed = resumedAt;
                        boolean calm = due < pausedAt || (resumed != 0 && due > resumed + PAUSE_S * 1_000_000_000L);
                        synchronized (latency) {
                            latency.recordValue(nanos);
                            if (calm) {
                                steady.recordValue(nanos);
                            }
                        }
                        if (resumed != 0 && sent >= resumed) {
                            recoveredAt.compareAndSet(0, System.nanoTime());
                        }
                    }
                }));
    }

    private void push(int port) {
        long k = pushes.incrementAndGet();
        long id = PUSHED_IDS + k;
        String body = "{\"push_source_name\": \"driver_stats\", \"to\": \"online\", \"df\": {\"driver_id\": [" + id
                + "], \"event_timestamp\": [\"" + Instant.now().minusSeconds(1) + "\"], \"conv_rate\": [0.5],"
                + " \"trips\": [" + k + "]}}";
        track(http.sendAsync(request(port, "POST", "/push", body), HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, failure) -> {
                    if (answered(response, failure, "push")) {
                        acknowledged.put(id, k);
                    }
                }));
    }

    private void other(int port, String method, String path, String body) {
        String what = path.substring(0, path.indexOf('?') < 0 ? path.length() : path.indexOf('?'));
        track(http.sendAsync(request(port, method, path, body), HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, failure) -> answered(response, failure, what)));
    }

    /** Counts the request; true when it was answered 2xx. */
    private boolean answered(HttpResponse<String> response, Throwable failure, String what) {
        requests.incrementAndGet();
        int status = failure != null ? -1 : response.statusCode();
        if (status >= 200 && status < 300) {
            return true;
        }
        errors.incrementAndGet();
        if (status != 503) {
            non503.incrementAndGet();
            if (non503.get() <= 5) {
                System.out.printf(Locale.ROOT, "non-503 error on %s: %s%n", what, failure != null ? failure.toString()
                        : status + " " + response.body());
            }
        }
        errorKinds.computeIfAbsent(what + " " + (status < 0 ? "no answer" : status), k -> new AtomicLong())
                .incrementAndGet();
        return false;
    }

    private void materialize(int main) throws Exception {
        long started = System.nanoTime();
        JsonNode job = json(send(main, "POST", "/api/v1/projects/soak/materializations",
                "{\"end\": \"" + Instant.now().minusSeconds(1) + "\", \"incremental\": true}"));
        requests.incrementAndGet();
        String id = job.path("id").asText();
        String status = job.path("status").asText();
        while (!status.equals("SUCCEEDED") && !status.equals("FAILED")) {
            Thread.sleep(200);
            job = json(send(main, "GET", "/api/v1/jobs/" + id, null));
            status = job.path("status").asText("FAILED");
        }
        System.out.printf(Locale.ROOT,
                "materialization %s in %.1f s: %s%n", status, (System.nanoTime() - started) / 1e9,
                job.path("message").asText());
        if (!status.equals("SUCCEEDED")) {
            errors.incrementAndGet();
            non503.incrementAndGet();
        }
    }

    /** Reads back every acknowledged push through the main port, 100 entities a lookup. */
    private long lostWrites(int main) throws Exception {
        List<Long> ids = new ArrayList<>(acknowledged.keySet());
        long lost = 0;
        for (int from = 0; from < ids.size(); from += 100) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + 100));
            JsonNode answer = json(send(main, "POST", "/get-online-features", JSON.writeValueAsString(Map.of(
                    "features", List.of("driver_stats:trips"), "entities", Map.of("driver_id", batch)))));
            JsonNode trips = answer.path("results").path(1);
            for (int r = 0; r < batch.size(); r++) {
                boolean present = trips.path("statuses").path(r).asText().equals("PRESENT");
                if (!present || trips.path("values").path(r).asLong() != acknowledged.get(batch.get(r))) {
                    lost++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "read back %,d acknowledged pushes (of %,d sent)%n", ids.size(), pushes.get());
        return lost;
    }

    private void report(double minutes, long lost) {
        Histogram ok;
        Histogram calm;
        synchronized (latency) {
            ok = latency.copy();
            calm = steady.copy();
        }
        long recovered = recoveredAt.get();
        double recoveredSeconds = recovered == 0 ? Double.NaN : (recovered - resumedAt) / 1e9;
        System.out.printf(Locale.ROOT,
                "lookups answered 200: %,d; p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms%n",
                ok.getTotalCount(), ok.getValueAtPercentile(50) / 1e6, ok.getValueAtPercentile(99) / 1e6,
                ok.getValueAtPercentile(99.9) / 1e6, ok.getMaxValue() / 1e6);
        System.out.printf(Locale.ROOT,
                "of them due outside the pause and the %d s after it: %,d; p50 %.2f ms, p99 %.2f ms%n",
                PAUSE_S, calm.getTotalCount(), calm.getValueAtPercentile(50) / 1e6,
                calm.getValueAtPercentile(99) / 1e6);
        errorKinds.forEach((kind, count) -> System.out.printf(Locale.ROOT, "errors %s: %,d%n", kind, count.get()));
        System.out.printf(Locale.ROOT, "RESULT soak minutes=%s requests=%d errors=%d non_503_errors=%d"
                        + " p99_ms=%.2f recovered_s=%.2f lost_writes=%d%n",
                minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes),
                requests.get(), errors.get(), non503.get(), ok.getValueAtPercentile(99) / 1e6, recoveredSeconds, lost);
    }

    private void track(CompletableFuture<?> request) {
        inFlight.add(request);
        request.whenComplete((r, e) -> inFlight.remove(request));
    }

    private HttpRequest request(int port, String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private String send(int port, String method, String path, String body) throws IOException, InterruptedException {
        return http.send(request(port, method, path, body), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    static RepoSpec spec(String project) {
        FeatureViewSpec view = new FeatureViewSpec("driver_stats", List.of("driver"), "drivers", 0, true,
                List.of(new FeatureSpec("conv_rate", ValueType.FLOAT64), new FeatureSpec("trips", ValueType.INT64)),
                List.of(), "", null, "");
        return new RepoSpec(project,
                List.of(new EntitySpec("driver", List.of(new JoinKey("driver_id", ValueType.INT64)), "")),
                List.of(new SourceSpec("drivers", "data/drivers.parquet", "event_timestamp", null)),
                List.of(view),
                List.of(new FeatureServiceSpec("ranking", List.of("driver_stats:conv_rate", "driver_stats:trips"),
                        "", null, "")));
    }

    /** One row per driver an hour ago, for the materialization. */
    static void writeSource(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        List<Object[]> rows = new ArrayList<>(DRIVERS);
        Instant time = Instant.now().minus(Duration.ofHours(1));
        for (long d = 1; d <= DRIVERS; d++) {
            rows.add(new Object[] {d, time, (d % 100) / 100.0, d * 3});
        }
        ParquetTables.write(file, List.of(new ParquetTables.Column("driver_id", ValueType.INT64),
                new ParquetTables.Column("event_timestamp", ValueType.TIMESTAMP),
                new ParquetTables.Column("conv_rate", ValueType.FLOAT64),
                new ParquetTables.Column("trips", ValueType.INT64)), rows);
    }
}
