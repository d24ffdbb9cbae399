package dev.granary.reliability;

import static dev.granary.registry.db.Tables.JOBS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.export.TrainingSetRequest;
import dev.granary.export.TrainingSets;
import dev.granary.jobs.JobStatus;
import dev.granary.jobs.JobStore;
import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ProgressListener;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.RegistrySql;
import dev.granary.registry.TestDatabases;
import dev.granary.registry.VersionSummary;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a child JVM in the middle of an apply and in the middle of writing a training set, on a
 * PostgreSQL registry of its own (a fresh schema): the registry holds only whole versions and the next apply
 * works; the file at the export's output path is still the previous one, the job is recorded {@code FAILED} as
 * soon as a store looks, and running the export again converges. ({@code MaterializationKillTest} does the same
 * for materialization.)
 */
class KillNineTest {
    private static final int ENTITY_ROWS = 250_000;

    @TempDir
    Path dir;
    private TestDatabases.PgSchema schema;

    @BeforeEach
    void freshSchema() {
        schema = TestDatabases.freshPostgresSchema();
    }

    @AfterEach
    void dropSchema() {
        schema.drop();
    }

    /** A spec of 40 views of 30 features each; {@code variant} changes every description, so a and b differ. */
    static RepoSpec largeSpec(String project, String variant) {
        List<FeatureViewSpec> views = new ArrayList<>();
        for (int v = 0; v < 40; v++) {
            List<FeatureSpec> features = new ArrayList<>();
            for (int f = 0; f < 30; f++) {
                features.add(new FeatureSpec("f" + f, ValueType.FLOAT64, "c" + f, "feature " + f + " " + variant));
            }
            views.add(new FeatureViewSpec("view_" + v, List.of("driver"), "drivers", 3_600, true, features, List.of(),
                    "", null, "view " + v + " " + variant));
        }
        return new RepoSpec(project, List.of(new EntitySpec("driver", List.of(new JoinKey("driver_id",
                ValueType.INT64)), "")), List.of(new SourceSpec("drivers", "data/drivers.parquet", "event_timestamp",
                null)), views, List.of());
    }

    @Test
    void applyKilledMidwayLeavesOnlyWholeVersionsAndTheNextApplyWorks() throws Exception {
        String project = "killed_apply";
        Process child = ChildJvm.start(KillChild.class.getName(), dir.resolve("child.err"), "apply", schema.url(),
                schema.user(), project);
        int seen = 0;
        try (BufferedReader out = reader(child)) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("applied ") && ++seen == 4) {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(40)); // the kill lands at another point each run
                    child.destroyForcibly();
                    break;
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).as("the child applied nothing; its stderr:\n%s", Files.readString(dir.resolve("child.err")))
                .isEqualTo(4);

        RepoSpec a = largeSpec(project, "a");
        RepoSpec b = largeSpec(project, "b");
        try (RegistryDatabase database = schema.open()) {
            Registry registry = database.registry();
            List<VersionSummary> history = registry.history(project);
            int current = registry.currentVersion(project);
            assertThat(current).isGreaterThanOrEqualTo(4);
            assertThat(history.getFirst().version()).as("the project row points at the newest version").isEqualTo(current);
            assertThat(history).extracting(VersionSummary::version).as("versions 1..current, none missing")
                    .containsExactlyElementsOf(Stream.iterate(current, n -> n >= 1, n -> n - 1).toList());
            for (VersionSummary version : history) {
                RepoSpec spec = registry.version(project, version.version()).spec();
                assertThat(spec).as("version %d is whole", version.version()).isIn(a, b);
            }
            RepoSpec last = registry.current(project).orElseThrow().spec();
            int next = registry.apply(last.equals(a) ? b : a, ApplyOptions.by("test")).version();
            assertThat(next).isEqualTo(current + 1);
        }
    }

    @Test
    void exportKilledWhileWritingLeavesThePreviousFileAndAFailedJobAndConvergesOnTheNextRun() throws Exception {
        OnlineTestRepo repo = OnlineTestRepo.create(dir, "killed_export", 5_000, 1, null);
        writeEntities(dir.resolve("entities.parquet"), ENTITY_ROWS, 5_000, repo);
        writeEntities(dir.resolve("entities-small.parquet"), 10, 5_000, repo);
        Path output = dir.resolve("out/train.parquet");
        try (RegistryDatabase database = schema.open()) {
            database.registry().apply(repo.spec(), ApplyOptions.by("test"));
            trainingSets(database).export(request(repo, "entities-small.parquet"), ProgressListener.NONE);
        }
        byte[] previous = Files.readAllBytes(output);

        Process child = ChildJvm.start(KillChild.class.getName(), dir.resolve("child.err"), "export", schema.url(),
                schema.user(), repo.project(), dir.toString());
        String job = null;
        boolean killedWhileWriting = false;
        try (BufferedReader out = reader(child)) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("job ")) {
                    job = line.substring(4);
                } else if (line.startsWith("progress ") && line.endsWith(" write")) {
                    child.destroyForcibly();
                    killedWhileWriting = true;
                    break;
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(killedWhileWriting).as("the child never reported writing; its stderr:\n%s",
                Files.readString(dir.resolve("child.err"))).isTrue();

        assertThat(Files.readAllBytes(output)).as("the previous training set is untouched").isEqualTo(previous);
        try (Stream<Path> files = Files.list(output.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .as("no other visible file in the output folder").containsExactly("train.parquet");
        }
        try (RegistryDatabase database = schema.open();
             JobStore jobs = new JobStore(new RegistrySql(database.dataSource()), Clock.systemUTC())) {
            jobs.sweep();
            var failed = jobs.find(job).orElseThrow();
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.message()).contains("is gone").contains("run it again");
            assertThat(new RegistrySql(database.dataSource()).db().fetchCount(JOBS,
                    JOBS.STATUS.in("QUEUED", "RUNNING"))).isZero();
            var set = trainingSets(database).export(request(repo, "entities.parquet"), ProgressListener.NONE);
            assertThat(set.rowCount()).isEqualTo(ENTITY_ROWS);
            assertThat(ParquetTables.read(output).rows()).hasSize(ENTITY_ROWS);
        }
    }

    private TrainingSets trainingSets(RegistryDatabase database) {
        return new TrainingSets(database.registry(), new ParquetOfflineEngine(), database.dataSource(), dir, dir);
    }

    private static TrainingSetRequest request(OnlineTestRepo repo, String entities) {
        return new TrainingSetRequest(repo.project(), Path.of(entities),
                List.of("driver_stats:conv_rate", "driver_stats:trips"), null, Path.of("out/train.parquet"), false,
                null, true);
    }

    private static void writeEntities(Path file, int rows, int drivers, OnlineTestRepo repo) {
        List<Object[]> table = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            table.add(new Object[] {(long) (i % drivers) + 1, repo.now().minus(Duration.ofMinutes(i % 200))});
        }
        ParquetTables.write(file, List.of(new ParquetTables.Column("driver_id", ValueType.INT64),
                new ParquetTables.Column("event_timestamp", ValueType.TIMESTAMP)), table);
    }

    private static BufferedReader reader(Process child) {
        return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }
}
