package dev.granary.bench.online;

import static dev.granary.bench.online.OpenLoop.maxRate;
import static dev.granary.bench.online.OpenLoop.record;
import static dev.granary.bench.online.OpenLoop.run;
import static dev.granary.bench.online.OpenLoop.warmUntilJitQuiet;

import dev.granary.bench.online.OpenLoop.Measure;
import dev.granary.config.GranaryConfig;
import dev.granary.online.LocalRedisCluster;
import dev.granary.online.OnlineStore;
import dev.granary.online.RedisClusterConfig;
import dev.granary.online.RedisConfig;
import dev.granary.server.GranaryServer;
import dev.granary.serving.OnlinePort;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./bench online --cluster [--quick]}: the online benchmark's HTTP lookups against a Redis Cluster of three
 * masters and, in the same run and the same way, against one standalone Redis, both started by the bench on free
 * loopback ports (no replicas: the single node has none either), each behind its own in-process
 * {@code granary serve} ({@code online.type: redis-cluster} resp. {@code redis}). Loads N entities x 50 FLOAT64
 * features into each (200k, or 20k with {@code --quick}), then measures at 1,000 requests/s, open loop
 * ({@link OpenLoop}): 1-entity and 100-entity lookups on each target, after each path's JIT is quiet; the
 * 100-entity lookups again at 200 requests/s, for context on a machine 1,000/s saturates; then the highest
 * 1-entity rate the cluster holds with p99 under 2 ms. Prints each Redis process's CPU time per request in every
 * window (the per-node figures docs/benchmarks.md scales from). Last line:
 * {@code RESULT online_cluster p99_1_ms=<> p99_100_ms=<> max_rps=<> single_p99_100_ms=<>}; goal: p99_100 within
 * 1.5x of the single node's, no errors.
 */
final class ClusterBenchmark {
    private static final double RATE = 1_000;

    private ClusterBenchmark() {
    }

    /** One Granary server and the Redis processes behind it. */
    private record Target(String name, ConfigurableApplicationContext server, int port, Map<String, Long> redisPids,
                          Path repo) {
    }

    static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int entities = quick ? 20_000 : 200_000;
        double seconds = quick ? 5 : 15;
        double stepSeconds = quick ? 3 : 6;
        Path work = Files.createTempDirectory("granary-bench-cluster");
        Process single = null;
        LocalRedisCluster cluster = null;
        List<Target> targets = new ArrayList<>();
        try {
            int singlePort = freePort();
            single = new ProcessBuilder("redis-server", "--port", Integer.toString(singlePort), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", work.toString(),
                    "--logfile", work.resolve("single.log").toString()).start();
            cluster = LocalRedisCluster.start(3, 0);
            awaitPing(singlePort);
            renice(List.of(single.pid()));
            renice(cluster.pids().values());
            String singleUrl = "redis://127.0.0.1:" + singlePort;
            List<String> nodes = cluster.nodeUrls();

            String project = "bench_cluster_" + UUID.randomUUID().toString().substring(0, 8);
            RepoSpec spec = OnlineBenchData.spec(project);
            FeatureViewSpec view = spec.featureView(OnlineBenchData.VIEW).orElseThrow();
            List<String> featureRefs = view.featureNames().stream().map(f -> OnlineBenchData.VIEW + ":" + f).toList();
            Target one = start("single node", project, spec, "online:\n  type: redis\n  url: \"" + singleUrl
                    + "\"\n  poolSize: 32\n", Map.of("single", single.pid()));
            targets.add(one);
            Map<String, Long> nodePids = new LinkedHashMap<>();
            cluster.pids().forEach((port, pid) -> nodePids.put("node " + port, pid));
            Target three = start("3-master cluster", project, spec, "online:\n  type: redis-cluster\n  nodes: [\""
                    + String.join("\", \"", nodes) + "\"]\n  poolSize: 32\n", nodePids);
            targets.add(three);
            long loadStart = System.nanoTime();
            StoreCosts.Write singleWrite;
            StoreCosts.Write clusterWrite;
            StoreCosts.Read singleRead;
            StoreCosts.Read clusterRead;
            try (OnlineStore singleStore = OnlineStore.redis(RedisConfig.of(singleUrl));
                 OnlineStore clusterStore = OnlineStore.redisCluster(RedisClusterConfig.of(nodes))) {
                // both write paths compiled before either is measured; the measured loads rewrite these rows newer
                StoreCosts.load(singleStore, one.redisPids().values(), project, view, entities / 10);
                StoreCosts.load(clusterStore, three.redisPids().values(), project, view, entities / 10);
                singleWrite = StoreCosts.load(singleStore, one.redisPids().values(), project, view, entities);
                clusterWrite = StoreCosts.load(clusterStore, three.redisPids().values(), project, view, entities);
                System.out.printf(Locale.ROOT,
                        "cluster bench: %,d entities x %d features loaded into each target in %.1f s%n",
                        entities, OnlineBenchData.FEATURES, (System.nanoTime() - loadStart) / 1e9);
                // alternately, so both see the same machine; the last pass of each counts
                int reads = quick ? 1_000 : 3_000;
                StoreCosts.read(singleStore, one.redisPids().values(), project, view, entities, reads);
                StoreCosts.read(clusterStore, three.redisPids().values(), project, view, entities, reads);
                singleRead = StoreCosts.read(singleStore, one.redisPids().values(), project, view, entities, reads);
                clusterRead = StoreCosts.read(clusterStore, three.redisPids().values(), project, view, entities,
                        reads);
            }
            String singleCosts = StoreCosts.line(one.name(), singleWrite, singleRead);
            String clusterCosts = StoreCosts.line(three.name(), clusterWrite, clusterRead);
            System.out.println(singleCosts);
            System.out.println(clusterCosts);

            SplittableRandom random = new SplittableRandom(42);
            Map<Target, byte[][]> ones = new LinkedHashMap<>();
            Map<Target, byte[][]> hundreds = new LinkedHashMap<>();
            for (Target target : targets) {
                SplittableRandom same = random.split();
                ones.put(target, Lookups.httpRequests(target.port(), featureRefs, entities, 1, 2_000, same.split()));
                hundreds.put(target, Lookups.httpRequests(target.port(), featureRefs, entities, 100, 200,
                        same.split()));
            }
            for (Target target : targets) {
                run("warm-up", 2 * RATE, quick ? 8 : 15, k -> HttpConnection.open(target.port(), ones.get(target)));
                run("warm-up", RATE, quick ? 4 : 8, k -> HttpConnection.open(target.port(), hundreds.get(target)));
            }
            List<Measure> measures = new ArrayList<>();
            Map<Target, Measure> p1 = new LinkedHashMap<>();
            Map<Target, Measure> p100 = new LinkedHashMap<>();
            List<String> redisCpu = new ArrayList<>();
            for (Target target : targets) {
                warmUntilJitQuiet(target.name() + " 1 entity", RATE, quick ? 30 : 60,
                        k -> HttpConnection.open(target.port(), ones.get(target)));
                p1.put(target, measureWithRedisCpu(measures, redisCpu, target, "HTTP 1 x 50", RATE, seconds,
                        k -> HttpConnection.open(target.port(), ones.get(target))));
            }
            for (Target target : targets) {
                warmUntilJitQuiet(target.name() + " 100 entities", RATE, quick ? 30 : 60,
                        k -> HttpConnection.open(target.port(), hundreds.get(target)));
                p100.put(target, measureWithRedisCpu(measures, redisCpu, target, "HTTP 100 x 50", RATE, seconds,
                        k -> HttpConnection.open(target.port(), hundreds.get(target))));
            }
            // for context: the same lookups at a rate this shared 2-core machine is far from saturated by
            for (Target target : targets) {
                measureWithRedisCpu(measures, redisCpu, target, "HTTP 100 x 50 at 200/s", 200, seconds,
                        k -> HttpConnection.open(target.port(), hundreds.get(target)));
            }
            double maxRps = maxRate("cluster HTTP 1 x 50, max-rate step", stepSeconds,
                    k -> HttpConnection.open(three.port(), ones.get(three)));

            System.out.println();
            measures.forEach(m -> System.out.println(m.line()));
            redisCpu.forEach(System.out::println);
            System.out.println(singleCosts);
            System.out.println(clusterCosts);
            long errors = measures.stream().mapToLong(Measure::errors).sum();
            double ratio = p100.get(three).p99() / p100.get(one).p99();
            System.out.printf(Locale.ROOT,
                    "cluster p99 100 entities / single node: %.2fx (goal <= 1.5x); errors %d (goal 0)%n",
                    ratio, errors);
            System.out.printf(Locale.ROOT,
                    "highest 1-entity rate held by the cluster with p99 < 2 ms: %,.0f requests/s%n", maxRps);
            System.out.printf(Locale.ROOT,
                    "RESULT online_cluster p99_1_ms=%.3f p99_100_ms=%.3f max_rps=%.0f single_p99_100_ms=%.3f"
                            + " write_rows_s=%.0f single_write_rows_s=%.0f client_cpu_100_us=%.0f"
                            + " single_client_cpu_100_us=%.0f redis_cpu_100_us=%.0f single_redis_cpu_100_us=%.0f%n",
                    p1.get(three).p99(), p100.get(three).p99(), maxRps, p100.get(one).p99(),
                    clusterWrite.rowsPerSecond(), singleWrite.rowsPerSecond(), clusterRead.clientMicros(),
                    singleRead.clientMicros(), clusterRead.redisMicros(), singleRead.redisMicros());
        } finally {
            for (Target target : targets) {
                target.server().close();
                deleteTree(target.repo());
            }
            if (cluster != null) {
                cluster.close();
            }
            if (single != null) {
                single.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            deleteTree(work);
        }
    }

    private static Target start(String name, String project, RepoSpec spec, String onlineYaml,
                                Map<String, Long> redisPids) throws Exception {
        Path repo = Files.createTempDirectory("granary-bench-cluster-repo");
        Files.writeString(repo.resolve("granary.yaml"), "project: " + project + "\n" + onlineYaml
                + "server:\n  port: 0\n  onlinePort: 0\n");
        OnlineBenchData.writeSource(repo.resolve("data/users.parquet"));
        ConfigurableApplicationContext server = GranaryServer.start(GranaryConfig.load(repo),
                "--logging.level.root=WARN", "--server.tomcat.threads.max=64",
                "--server.tomcat.max-keep-alive-requests=-1", "--server.tomcat.keep-alive-timeout=60000");
        int mainPort = server.getEnvironment().getProperty("local.server.port", Integer.class);
        OnlineBenchData.apply(mainPort, spec);
        return new Target(name, server, server.getBean(OnlinePort.class).port().orElseThrow(), redisPids, repo);
    }

    /** A measured window, with each Redis process's CPU time per request in it. */
    private static Measure measureWithRedisCpu(List<Measure> measures, List<String> redisCpu, Target target,
                                               String label, double rate, double seconds,
                                               IntFunction<OpenLoop.Caller> callers) throws Exception {
        Map<String, Long> before = cpuMicros(target.redisPids());
        Measure m = record(measures, run(target.name() + ": " + label, rate, seconds, callers));
        Map<String, Long> after = cpuMicros(target.redisPids());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%s, %s: Redis CPU per request", target.name(), label));
        long total = 0;
        for (String process : before.keySet()) {
            long used = after.get(process) - before.get(process);
            total += used;
            line.append(String.format(Locale.ROOT, "  %s %.1f us", process, used / (double) m.count()));
        }
        redisCpu.add(line.append(String.format(Locale.ROOT, "  (all %.1f us)", total / (double) m.count())).toString());
        return m;
    }

    /** User + system CPU of each process so far, in microseconds (/proc/PID/stat, clock ticks of 10 ms). */
    private static Map<String, Long> cpuMicros(Map<String, Long> pids) throws IOException {
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (Map.Entry<String, Long> pid : pids.entrySet()) {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid.getValue()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            cpu.put(pid.getKey(), (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000);
        }
        return cpu;
    }

    /**
     * As root, every Redis of the run at the nice of the server's serving threads (-5), as {@code ./bench online}
     * does for its Redis, so no node waits for a core behind the server it answers; the same for every target.
     */
    private static void renice(Iterable<Long> pids) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        for (long pid : pids) {
            // every thread of it: renice -p names one task
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    new ProcessBuilder("renice", "-n", "-5", "-p", task.getFileName().toString())
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                            .waitFor(5, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                // left at its nice, the same for every target when it fails for all
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPing(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            Process ping = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "ping").start();
            if (new String(ping.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).contains("PONG")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the bench's redis-server on port " + port + " did not start");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
