package dev.granary.bench.online;

import static dev.granary.bench.online.OpenLoop.CONNECTIONS;
import static dev.granary.bench.online.OpenLoop.maxRate;
import static dev.granary.bench.online.OpenLoop.record;
import static dev.granary.bench.online.OpenLoop.run;
import static dev.granary.bench.online.OpenLoop.warmUntilJitQuiet;

import dev.granary.bench.online.OpenLoop.Measure;
import dev.granary.client.GranaryClient;
import dev.granary.client.OnlineFeatures;
import dev.granary.config.GranaryConfig;
import dev.granary.online.OnlineStore;
import dev.granary.online.RedisConfig;
import dev.granary.server.GranaryServer;
import dev.granary.serving.OnlinePort;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;
import redis.clients.jedis.RedisClient;

/**
 * {@code ./bench online [--quick]}: starts {@code granary serve} in process ({@code online.type: redis}, a temporary
 * repository with an H2 registry), loads N entities x 50 FLOAT64 features (1M, or 20k with {@code --quick}) and
 * drives it with an open-loop load generator ({@link OpenLoop}: a fixed request rate over 16 keep-alive raw-socket
 * connections, latency from each request's intended send time, HdrHistogram). Measured at 1,000 requests/s:
 * 1-entity and 100-entity lookups of 50 features over HTTP; the same reads as raw Jedis ({@link JedisCallers}: GET
 * of a same-sized value, pipelined for 100, and HMGET of a 50-field hash); and GranaryClient straight to Redis. Then
 * the highest 1-entity rate held with p99 under 2 ms, over HTTP and raw Jedis. Redis from
 * {@code GRANARY_BENCH_REDIS_URL} (default {@code redis://127.0.0.1:6379}); every key it writes is removed after.
 * Last line: {@code RESULT online p99_1_ms=<> p99_100_ms=<> max_rps=<> jedis_p99_1_ms=<> ratio=<p99_1/jedis_p99_1>}.
 * With {@code --cluster}, {@link ClusterBenchmark} instead.
 */
public final class Benchmark {
    private static final double RATE = 1_000;

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--cluster")) {
            ClusterBenchmark.main(args);
            return;
        }
        boolean quick = List.of(args).contains("--quick");
        int entities = quick ? 20_000 : 1_000_000;
        double seconds = quick ? 5 : 15;
        double stepSeconds = quick ? 3 : 6;
        String redisUrl = System.getenv().getOrDefault("GRANARY_BENCH_REDIS_URL", "redis://127.0.0.1:6379");
        String project = "bench_online_" + UUID.randomUUID().toString().substring(0, 8);
        Path repo = Files.createTempDirectory("granary-bench-online");
        Files.writeString(repo.resolve("granary.yaml"), "project: " + project + "\n"
                + "online:\n  type: redis\n  url: \"" + redisUrl + "\"\n  poolSize: 32\n"
                + "server:\n  port: 0\n  onlinePort: 0\n");
        RepoSpec spec = OnlineBenchData.spec(project);
        OnlineBenchData.writeSource(repo.resolve("data/users.parquet"));
        FeatureViewSpec view = spec.featureView(OnlineBenchData.VIEW).orElseThrow();
        List<String> featureRefs = view.featureNames().stream().map(f -> OnlineBenchData.VIEW + ":" + f).toList();

        ConfigurableApplicationContext server = GranaryServer.start(GranaryConfig.load(repo),
                "--logging.level.root=WARN", "--server.tomcat.threads.max=64",
                "--server.tomcat.max-keep-alive-requests=-1", "--server.tomcat.keep-alive-timeout=60000");
        RedisClient raw = JedisCallers.client(redisUrl);
        try (OnlineStore store = OnlineStore.redis(RedisConfig.of(redisUrl));
             SharedRedisKeys written = SharedRedisKeys.removedAtExit(() -> {
                 try (OnlineStore cleaner = OnlineStore.redis(RedisConfig.of(redisUrl));
                      RedisClient cleanerRaw = JedisCallers.client(redisUrl)) {
                     cleaner.deleteProject(project);
                     JedisCallers.clean(cleanerRaw);
                 }
             }, store, raw)) {
            int mainPort = server.getEnvironment().getProperty("local.server.port", Integer.class);
            int port = server.getBean(OnlinePort.class).port().orElseThrow();
            OnlineBenchData.apply(mainPort, spec);
            System.out.printf(Locale.ROOT, "online: %,d entities x %d features in %s; serving port %d (main port %d);"
                    + " %d connections%n", entities, OnlineBenchData.FEATURES, redisUrl, port, mainPort, CONNECTIONS);
            long loadStart = System.nanoTime();
            OnlineBenchData.load(store, raw, project, view, entities);
            System.out.printf(Locale.ROOT, "loaded both data sets in %.1f s%n", (System.nanoTime() - loadStart) / 1e9);

            SplittableRandom random = new SplittableRandom(42);
            byte[][] one = Lookups.httpRequests(port, featureRefs, entities, 1, 2_000, random);
            byte[][] hundred = Lookups.httpRequests(port, featureRefs, entities, 100, 200, random);
            byte[][] oneMain = Lookups.httpRequests(mainPort, featureRefs, entities, 1, 2_000, random);
            long[][] oneIds = Lookups.ids(entities, 1, 2_000, random);
            long[][] hundredIds = Lookups.ids(entities, 100, 200, random);
            byte[][] fields = OnlineBenchData.fields(view);

            // warm-up: JIT, connections, Tomcat threads, the spec and plan caches
            // 20k+ requests at 2,000/s, so every per-request method is compiled by C2 before measuring (with a 5-s
            // warm-up the JIT's compiler threads were still busy in the first measured window: 2x its CPU per request)
            run("warm-up", 2 * RATE, quick ? 12 : 20, k -> HttpConnection.open(port, one));
            // the 100-entity warm-up at the measured rate: after one at 200/s the first measured window still cost
            // ~25% more CPU per request than later ones (the collector's young sizing and the JIT adapting to it)
            run("warm-up", RATE, quick ? 5 : 10, k -> HttpConnection.open(port, hundred));
            run("warm-up", RATE, 2, k -> JedisCallers.get(raw, oneIds));
            List<Measure> measures = new ArrayList<>();
            // each HTTP window right after a few seconds of its own path, as the Jedis ones: measured straight
            // after the 100-entity warm-up, the 1-entity window cost ~2x the CPU per request of the same load
            // later in the run (481 against 262 us) while the JIT re-adapted to it
            warmUntilJitQuiet("HTTP 1 entity", RATE, quick ? 60 : 90, k -> HttpConnection.open(port, one));
            Measure http1 = record(measures, run("HTTP 1 entity x 50 features", RATE, seconds,
                    k -> HttpConnection.open(port, one)));
            warmUntilJitQuiet("HTTP 100 entities", RATE, quick ? 60 : 90, k -> HttpConnection.open(port, hundred));
            Measure http100 = record(measures, run("HTTP 100 entities x 50 features", RATE, seconds,
                    k -> HttpConnection.open(port, hundred)));
            // the baselines get the same quiet JIT as the paths they are compared with (their own code is small, but
            // the server's compiling shares the process)
            warmUntilJitQuiet("raw Jedis GET 1", RATE, quick ? 60 : 90, k -> JedisCallers.get(raw, oneIds));
            Measure jedis1 = record(measures, run("raw Jedis GET 1 (same-size value)", RATE, seconds,
                    k -> JedisCallers.get(raw, oneIds)));
            warmUntilJitQuiet("raw Jedis GET 100", RATE, quick ? 60 : 90, k -> JedisCallers.get(raw, hundredIds));
            Measure jedis100 = record(measures, run("raw Jedis pipelined GET 100", RATE, seconds,
                    k -> JedisCallers.get(raw, hundredIds)));
            record(measures, run("raw Jedis HMGET 1 x 50 fields (hash)", RATE, seconds,
                    k -> JedisCallers.hash(raw, fields, oneIds)));
            record(measures, run("HTTP 100 x 50 at 100/s", 100, seconds, k -> HttpConnection.open(port, hundred)));
            run("warm-up", RATE, 2, k -> HttpConnection.open(mainPort, oneMain));
            record(measures, run("main port (Tomcat) HTTP 1 x 50", RATE, seconds,
                    k -> HttpConnection.open(mainPort, oneMain)));
            Measure client1;
            Measure client100;
            try (GranaryClient client = GranaryClient.redis(RedisConfig.of(redisUrl), spec)) {
                OpenLoop.Caller clientOne = lookups(client, featureRefs, Lookups.rows(oneIds));
                OpenLoop.Caller clientHundred = lookups(client, featureRefs, Lookups.rows(hundredIds));
                warmUntilJitQuiet("GranaryClient 1 entity", RATE, quick ? 60 : 90, k -> clientOne);
                client1 = record(measures, run("GranaryClient->Redis 1 x 50", RATE, seconds, k -> clientOne));
                // the 100-row decode path is compiled only here: without its own warm-up the window's p99 was ~100 ms
                warmUntilJitQuiet("GranaryClient 100 entities", RATE, quick ? 60 : 90, k -> clientHundred);
                client100 = record(measures, run("GranaryClient->Redis 100 x 50", RATE, seconds, k -> clientHundred));
            }

            double maxRps = maxRate("HTTP 1 x 50, max-rate step", stepSeconds, k -> HttpConnection.open(port, one));
            // the same search for the raw Jedis read, so a loaded machine shows in the baseline too
            double jedisMaxRps = maxRate("raw Jedis GET 1, max-rate step", stepSeconds,
                    k -> JedisCallers.get(raw, oneIds));

            System.out.println();
            measures.forEach(m -> System.out.println(m.line()));
            System.out.printf(Locale.ROOT,
                    "GranaryClient->Redis vs raw Jedis p99: 1 entity %.2fx, 100 entities %.2fx%n",
                    client1.p99() / jedis1.p99(), client100.p99() / jedis100.p99());
            System.out.printf(Locale.ROOT,
                    "highest 1-entity rate held with p99 < 2 ms: %,.0f requests/s over HTTP, %,.0f raw Jedis%n",
                    maxRps, jedisMaxRps);
            server.close();
            System.out.printf(Locale.ROOT,
                    "HTTP 1-entity p99 vs raw Jedis GET p99: %.2fx%n", http1.p99() / jedis1.p99());
            System.out.printf(Locale.ROOT,
                    "RESULT online p99_1_ms=%.3f p99_100_ms=%.3f max_rps=%.0f jedis_p99_1_ms=%.3f ratio=%.2f%n",
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

    /**
     * GranaryClient lookups of {@code rows.get(i % size)}, each reading every feature value of every row as serving
     * code would (values are decoded when read; {@code getDouble(name, missing)}, which does not box), a success when
     * one result row comes back per entity.
     */
    private static OpenLoop.Caller lookups(GranaryClient client, List<String> featureRefs,
                                           List<List<Map<String, Object>>> rows) {
        return i -> {
            List<Map<String, Object>> entities = rows.get(i % rows.size());
            OnlineFeatures answer = client.getOnlineFeatures(featureRefs, entities);
            List<String> features = answer.names().subList(entities.getFirst().size(), answer.names().size());
            double sum = 0;
            for (int r = 0; r < answer.size(); r++) {
                OnlineFeatures.Row row = answer.row(r);
                for (String feature : features) {
                    sum += row.getDouble(feature, 0);
                }
            }
            return answer.size() == entities.size() && !Double.isNaN(sum);
        };
    }
}
