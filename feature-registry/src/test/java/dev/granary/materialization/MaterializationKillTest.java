package dev.granary.materialization;

import static dev.granary.registry.db.Tables.JOBS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.config.GranaryConfig;
import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.online.EntityKey;
import dev.granary.online.FeatureValue;
import dev.granary.online.LocalRedisCluster;
import dev.granary.online.OnlineStore;
import dev.granary.online.ReadRow;
import dev.granary.jobs.JobStore;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.RegistrySql;
import dev.granary.registry.RegistryDatabase;
import dev.granary.serving.OnlineStores;
import dev.granary.serving.OnlineTestRepo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of {@code materialize-incremental} (in a child JVM on this test's class path), on
 * the embedded store, on Redis ({@code GRANARY_TEST_REDIS_URL}, a random project so its own keys, removed after) and
 * on a real local Redis Cluster ({@code LocalRedisCluster}, three masters and three replicas):
 * the watermark stays where it was, every stored row is wholly the old or wholly the new value, and the next
 * run converges to the offline point-in-time values.
 */
class MaterializationKillTest {
    private static final int DRIVERS = 60_000;
    private static final List<String> FEATURES = List.of("conv_rate", "acc_rate", "trips");

    @TempDir
    Path dir;

    static Stream<Arguments> stores() {
        String redis = Objects.requireNonNullElse(System.getenv("GRANARY_TEST_REDIS_URL"), "redis://127.0.0.1:6379");
        String clusterNodes = String.join("\", \"", LocalRedisCluster.shared().nodeUrls());
        return Stream.of(Arguments.of("embedded", null, 100),
                Arguments.of("redis", "online:\n  type: redis\n  url: \"" + redis + "\"", 25),
                Arguments.of("redis-cluster", "online:\n  type: redis-cluster\n  nodes: [\"" + clusterNodes + "\"]", 25));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void killedRunLeavesTheWatermarkUnmovedAndNoTornRowsAndTheNextRunConverges(String name, String onlineYaml,
                                                                            int batchSize) throws Exception {
        OnlineTestRepo repo = OnlineTestRepo.create(dir, "killed_" + UUID.randomUUID().toString().substring(0, 8),
                DRIVERS, 1, onlineYaml);
        GranaryConfig config = GranaryConfig.load(dir);
        try {
            killAndConverge(repo, config, batchSize);
        } finally {
            try (OnlineStore store = OnlineStores.open(config.online())) {
                store.deleteProject(repo.project());
            }
        }
    }

    private void killAndConverge(OnlineTestRepo repo, GranaryConfig config, int batchSize) throws Exception {
        Instant end1 = repo.now().minus(Duration.ofMinutes(150));
        Instant end2 = repo.now();
        try (RegistryDatabase database = RegistryDatabase.open(config.registry());
             OnlineStore store = OnlineStores.open(config.online())) {
            database.registry().apply(repo.spec(), new ApplyOptions("test", null, false, null));
            Materializer materializer = Materializer.create(database.registry(), database.dataSource(),
                    new ParquetOfflineEngine(), store, dir);
            materializer.run(MaterializeRequest.incremental(repo.project(), end1, List.of("driver_stats")), null);
        }

        long rowsAtKill = 0;
        // the child loads its classes from target/; a concurrent build of the module (several people share one
        // working tree) can remove them for a moment, so a child that could not even start is started again
        for (int attempt = 1; rowsAtKill == 0; attempt++) {
            Process child = startChild(repo.project(), end2, batchSize);
            boolean sawDone = false;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals("DONE")) {
                        sawDone = true;
                        break;
                    }
                    if (line.startsWith("rows ") && Long.parseLong(line.substring(5)) >= 1_000) {
                        rowsAtKill = Long.parseLong(line.substring(5));
                        child.destroyForcibly();
                        break;
                    }
                }
            }
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(sawDone).as("the child must be killed before it finishes; make the data larger").isFalse();
            String err = java.nio.file.Files.readString(dir.resolve("child.err"));
            if (rowsAtKill == 0 && attempt < 3 && err.contains("Could not find or load main class")) {
                Thread.sleep(3_000);
                continue;
            }
            assertThat(rowsAtKill).as("the child printed no progress; its stderr:\n%s", err).isPositive();
        }

        Map<Long, OnlineTestRepo.DriverRow> before = repo.asOf(end1.minusSeconds(86_400), end1, 86_400);
        Map<Long, OnlineTestRepo.DriverRow> after = repo.asOf(end1, end2, 86_400);
        try (RegistryDatabase database = RegistryDatabase.open(config.registry());
             OnlineStore store = OnlineStores.open(config.online())) {
            Materializer materializer = Materializer.create(database.registry(), database.dataSource(),
                    new ParquetOfflineEngine(), store, dir);
            assertThat(materializer.watermark(repo.project(), "driver_stats")).contains(end1);
            try (JobStore jobs = new JobStore(new RegistrySql(database.dataSource()), Clock.systemUTC())) {
                jobs.sweep();
                assertThat(new RegistrySql(database.dataSource()).db().fetchCount(JOBS, JOBS.PROJECT
                        .eq(repo.project()).and(JOBS.STATUS.in("QUEUED", "RUNNING"))))
                        .as("the killed run's job is recorded FAILED").isZero();
            }

            List<ReadRow> read = readAll(store, repo);
            int old = 0;
            int fresh = 0;
            for (long d = 1; d <= DRIVERS; d++) {
                List<FeatureValue> row = read.get((int) d - 1);
                if (matches(row, before.get(d))) {
                    old++;
                } else {
                    assertThat(matches(row, after.get(d))).as("driver %d holds %s: neither the old %s nor the new %s",
                            d, row, before.get(d), after.get(d)).isTrue();
                    fresh++;
                }
            }
            assertThat(old).as("some rows were not reached before the kill").isPositive();
            assertThat(fresh).as("some rows were written before the kill").isPositive();

            materializer.run(MaterializeRequest.incremental(repo.project(), end2, List.of("driver_stats")), null);
            assertThat(materializer.watermark(repo.project(), "driver_stats")).contains(end2);
            List<ReadRow> converged = readAll(store, repo);
            for (long d = 1; d <= DRIVERS; d++) {
                assertThat(matches(converged.get((int) d - 1), after.get(d))).as("driver %d converged", d).isTrue();
            }
        }
    }

    private static boolean matches(List<FeatureValue> row, OnlineTestRepo.DriverRow want) {
        return want != null && want.time().equals(row.get(0).eventTime())
                && java.util.Objects.equals(want.convRate(), row.get(0).value())
                && Double.valueOf(want.accRate()).equals(row.get(1).value())
                && Long.valueOf(want.trips()).equals(row.get(2).value())
                && row.stream().allMatch(v -> want.time().equals(v.eventTime()));
    }

    private static List<ReadRow> readAll(OnlineStore store, OnlineTestRepo repo) {
        List<EntityKey> keys = new ArrayList<>(DRIVERS);
        for (long d = 1; d <= DRIVERS; d++) {
            keys.add(EntityKey.of(d));
        }
        return store.read(repo.project(), repo.view("driver_stats"), FEATURES, keys, repo.now());
    }

    private Process startChild(String project, Instant end, int batchSize) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--enable-native-access")
                    || arg.startsWith("--sun-misc-unsafe-memory-access")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.granary.materialization.MaterializeChild"); // by name: this JVM need not load it
        command.add(dir.toString());
        command.add(project);
        command.add(end.toString());
        command.add(Integer.toString(batchSize));
        return new ProcessBuilder(command).redirectError(dir.resolve("child.err").toFile()).start();
    }
}
