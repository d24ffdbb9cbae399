package dev.granary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user runs it: a separate process per command against a repository in a temporary folder
 * (embedded H2 registry under {@code .granary/}), checking exit codes and what is printed.
 */
class CommandLineTest {
    @TempDir
    Path repo;

    private static final String DEFINITIONS = """
            import static dev.granary.spec.ValueType.FLOAT64;
            import static dev.granary.spec.ValueType.INT64;
            import dev.granary.dsl.*;
            import java.time.Duration;

            public class Drivers implements FeatureDefinitions {
                @Override
                public void define(FeatureRepo repo) {
                    Entity driver = repo.entity("driver").key("driver_id", INT64);
                    Source hourly = repo.parquet("driver_hourly", "data/driver_hourly.parquet").timestamp("event_timestamp");
                    repo.featureView("driver_stats", driver, hourly).ttl(Duration.ofDays(1))
                            .feature("conv_rate", FLOAT64, "Conversion rate")%s;
                }
            }
            """;

    private void writeDefinitions(String extraFeatures) throws IOException {
        Files.writeString(repo.resolve("granary.yaml"), "project: rides\n");
        Files.writeString(repo.resolve("Drivers.java"), DEFINITIONS.formatted(extraFeatures));
        writeDriverData("data/driver_hourly.parquet");
    }

    private void writeDriverData(String relativePath) throws IOException {
        Path file = repo.resolve(relativePath);
        Files.createDirectories(file.getParent());
        ParquetTables.write(file, List.of(new Column("driver_id", ValueType.INT64),
                        new Column("event_timestamp", ValueType.TIMESTAMP), new Column("conv_rate", ValueType.FLOAT64),
                        new Column("trips", ValueType.INT64)),
                List.<Object[]>of(new Object[] {1001L, Instant.parse("2026-11-20T10:00:00Z"), 0.5, 3L}));
    }

    @Test
    void applyOfJavaDefinitionsStoresVersionsAndSecondApplyShowsTheDiff() throws IOException {
        writeDefinitions("");
        CliRun first = CliRun.granary(repo, "apply");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("version 1");

        writeDefinitions(".feature(\"trips\", INT64)");
        CliRun plan = CliRun.granary(repo, "plan");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("driver_stats:trips");

        CliRun second = CliRun.granary(repo, "apply");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("driver_stats:trips").contains("version 2");

        CliRun unchanged = CliRun.granary(repo, "apply");
        assertThat(unchanged.out()).contains("No changes").contains("version 2");

        CliRun history = CliRun.granary(repo, "history");
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(history.out().lines().filter(l -> l.matches("^[12] .*"))).hasSize(2);

        CliRun rollback = CliRun.granary(repo, "rollback", "1");
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("version 3");
        CliRun afterRollback = CliRun.granary(repo, "plan");
        assertThat(afterRollback.out()).as("the registry holds version 1's spec again").contains("driver_stats:trips");
    }

    @Test
    void applyAcceptsACanonicalJsonSpec() throws IOException {
        writeDriverData("data/d.parquet");
        Path spec = repo.resolve("rides.granary.json");
        Files.writeString(spec, """
                {"project": "rides",
                 "entities": [{"name": "driver", "joinKeys": [{"name": "driver_id", "type": "INT64"}]}],
                 "sources": [{"name": "driver_hourly", "type": "parquet", "path": "data/d.parquet", "timestampField": "event_timestamp"}],
                 "featureViews": [{"name": "driver_stats", "entities": ["driver"], "source": "driver_hourly", "ttlSeconds": 86400,
                                   "online": true, "features": [{"name": "conv_rate", "type": "FLOAT64"}]}],
                 "featureServices": []}
                """);
        CliRun run = CliRun.granary(repo, "apply", "rides.granary.json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("rides").contains("version 1");
    }

    @Test
    void unknownTypeUnknownEntityAndMissingFeatureAreReportedInOneRun() throws IOException {
        Files.writeString(repo.resolve("granary.yaml"), "project: rides\n");
        Files.writeString(repo.resolve("three.granary.json"), """
                {"project": "rides",
                 "entities": [{"name": "driver", "joinKeys": [{"name": "driver_id", "type": "INT64"}]}],
                 "sources": [{"name": "hourly", "path": "data/hourly.parquet"}],
                 "featureViews": [{"name": "driver_stats", "entities": ["drivr"], "source": "hourly",
                                   "features": [{"name": "conv_rate", "type": "FLOAT65"}]}],
                 "featureServices": [{"name": "ranking", "features": ["driver_stats:acc_rate"]}]}
                """);
        for (String command : List.of("plan", "apply")) {
            CliRun run = CliRun.granary(repo, command);

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).as(command).contains("3 errors in the spec")
                    .contains("featureViews[driver_stats].features[conv_rate].type: unknown type 'FLOAT65' (fix: use one of")
                    .contains("featureViews[driver_stats].entities[drivr]: unknown entity 'drivr' (fix: use one of the declared entities: driver)")
                    .contains("featureServices[ranking].features[driver_stats:acc_rate]: feature view 'driver_stats' has no feature 'acc_rate' (fix:")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void invalidSpecExitsWithTwoAndListsEveryError() throws IOException {
        Files.writeString(repo.resolve("bad.granary.json"), """
                {"project": "rides",
                 "entities": [{"name": "Driver", "joinKeys": [{"name": "driver_id", "type": "INT64"}]}],
                 "sources": [{"name": "driver_hourly", "type": "parquet", "path": "data/d.parquet", "timestampField": "event_timestamp"}],
                 "featureViews": [{"name": "driver_stats", "entities": ["nobody"], "source": "driver_hourly", "ttlSeconds": -5,
                                   "features": [{"name": "conv_rate", "type": "FLOAT64"}]}],
                 "featureServices": [{"name": "ranking", "features": ["driver_stats:missing"]}]}
                """);
        CliRun run = CliRun.granary(repo, "apply", "bad.granary.json");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err())
                .contains("entities[Driver].name")
                .contains("featureViews[driver_stats].entities")
                .contains("featureViews[driver_stats].ttlSeconds")
                .contains("featureServices[ranking].features");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void planChecksSourcesAgainstTheirParquetData() throws IOException {
        writeDefinitions(".feature(\"no_such_column\", INT64)");
        CliRun run = CliRun.granary(repo, "plan");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("no_such_column");

        CliRun skipped = CliRun.granary(repo, "plan", "--skip-data-checks");
        assertThat(skipped.exitCode()).as(skipped.toString()).isZero();
    }

    @Test
    void compileErrorsNameFileAndLine() throws IOException {
        Files.writeString(repo.resolve("Broken.java"), """
                import dev.granary.dsl.*;
                public class Broken implements FeatureDefinitions {
                    public void define(FeatureRepo repo) {
                        repo.entity("driver").key("driver_id", NO_SUCH_TYPE);
                    }
                }
                """);
        CliRun run = CliRun.granary(repo, "plan");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Broken.java:4: ");
    }

    @Test
    void quickstartAppliesMaterializesExportsAndLooksUpOnEmbeddedStores() {
        CliRun run = CliRun.granary(repo, "quickstart", "demo");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Path demo = repo.resolve("demo");
        assertThat(demo.resolve("RidesFeatures.java")).exists();
        assertThat(demo.resolve("granary.yaml")).exists();
        ParquetTables.Table training = ParquetTables.read(demo.resolve("out/training_set.parquet"));
        assertThat(training.rows()).hasSize(SampleRepository.ENTITY_ROWS);
        assertThat(training.columns()).extracting(Column::name)
                .containsExactly("driver_id", "customer_id", "event_timestamp", "conv_rate", "acc_rate", "trips_7d",
                        "current_balance");
        assertThat(run.out()).contains("project rides is now at version 1")
                .contains("rides/driver_stats:conv_rate")
                .containsPattern("conv_rate +0\\.\\d+ +PRESENT")
                .contains("[7/8]").contains("0 alerting")
                .contains("[8/8]").containsPattern("driver_stats:conv_rate +alert");

        CliRun again = CliRun.granary(repo, "quickstart", "demo");
        assertThat(again.exitCode()).as("a second quickstart over the same folder: " + again).isZero();
        assertThat(again.out()).contains("No changes");
        CliRun history = CliRun.granary(demo, "history");
        assertThat(history.out().lines().filter(l -> l.matches("^\\d+ .*"))).hasSize(1);
    }

    @Test
    void commandsFindTheRepositoryFromASubfolderAndTakeAnotherConfigFile() throws IOException {
        writeDefinitions("");
        assertThat(CliRun.granary(repo, "apply").exitCode()).isZero();
        Path sub = Files.createDirectories(repo.resolve("notebooks/deep"));

        CliRun history = CliRun.granary(sub, "history");
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(history.out()).contains(System.getProperty("user.name")).doesNotContain("no versions");

        Files.writeString(repo.resolve("other.yaml"), "project: other\n");
        CliRun other = CliRun.granary(sub, "history", "--config", repo.resolve("other.yaml").toString());
        assertThat(other.out()).contains("Project other has no versions yet");

        CliRun missing = CliRun.granary(sub, "history", "--config", "nope.yaml");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.yaml").contains("does not exist");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"quickstart", "plan", "apply", "history", "rollback", "serve", "export",
                "materialize", "materialize-incremental", "get", "search", "stats", "health"}) {
            CliRun run = CliRun.granary(repo, command, "--help");
            assertThat(run.exitCode()).as(command + " --help: " + run).isZero();
            assertThat(run.out()).contains("Usage: granary " + command);
        }
        CliRun top = CliRun.granary(repo, "--help");
        assertThat(top.out()).contains("quickstart").contains("apply").contains("rollback");
    }

    @Test
    void unknownOptionIsBadInput() {
        CliRun run = CliRun.granary(repo, "apply", "--no-such-option");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--no-such-option");
    }
}
