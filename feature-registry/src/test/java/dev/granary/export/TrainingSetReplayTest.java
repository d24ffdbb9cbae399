package dev.granary.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.dsl.Definitions;
import dev.granary.error.BadRequestException;
import dev.granary.error.NotFoundException;
import dev.granary.offline.EntityQuery;
import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.offline.ProgressListener;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.RegistryDatabase;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports without an entity table through the registry, and replays of recorded training sets: from the recorded
 * spec version even after a new apply, equal in values to the original, refused when an input changed.
 */
class TrainingSetReplayTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path repo;
    private RegistryDatabase database;
    private TrainingSets trainingSets;

    @BeforeEach
    void applyASpecWithData() throws java.io.IOException {
        Files.createDirectories(repo.resolve("data"));
        writeDrivers(List.of(new Object[] {1L, T0, 0.1, 1L}, new Object[] {1L, T0.plus(Duration.ofHours(2)), 0.2, 2L},
                new Object[] {2L, T0.plus(Duration.ofHours(1)), 0.9, 5L}));
        ParquetTables.write(repo.resolve("entities.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP)), List.of(
                new Object[] {1L, T0.plus(Duration.ofHours(1))}, new Object[] {2L, T0.plus(Duration.ofHours(3))}));
        database = RegistryDatabase.open("jdbc:h2:file:" + repo.resolve(".granary/registry"), "sa", "");
        database.registry().apply(spec(false), ApplyOptions.by("test"));
        trainingSets = new TrainingSets(database.registry(), new ParquetOfflineEngine(), database.dataSource(), repo, repo);
    }

    private void writeDrivers(List<Object[]> rows) {
        ParquetTables.write(repo.resolve("data/drivers.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("conv_rate", ValueType.FLOAT64),
                new Column("trips", ValueType.INT64)), rows);
    }

    private static RepoSpec spec(boolean withoutTrips) {
        return Definitions.toSpec("rides", r -> {
            var driver = r.entity("driver").key("driver_id", ValueType.INT64);
            var source = r.parquet("drivers", "data/drivers.parquet");
            var stats = r.featureView("driver_stats", driver, source).ttl(Duration.ofDays(1))
                    .feature("conv_rate", ValueType.FLOAT64);
            if (!withoutTrips) {
                stats.feature("trips", ValueType.INT64);
            }
        });
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private TrainingSet export(EntityQuery query, String output) {
        return trainingSets.export(new TrainingSetRequest("rides", query == null ? Path.of("entities.parquet") : null,
                List.of("driver_stats:conv_rate", "driver_stats:trips"), null, Path.of(output), false, null, false,
                query), ProgressListener.NONE);
    }

    private List<List<Object>> rows(Path file) {
        return ParquetTables.read(file).rows().stream().map(Arrays::asList).toList();
    }

    @Test
    void asOfExportHasEveryKeySeenByThenWithItsValues() {
        TrainingSet set = export(new EntityQuery.AsOf(T0.plus(Duration.ofMinutes(90))), "out/as-of.parquet");
        assertThat(set.rowCount()).isEqualTo(2);
        Instant at = T0.plus(Duration.ofMinutes(90));
        assertThat(rows(repo.resolve("out/as-of.parquet"))).containsExactly(
                List.of(1L, at, 0.1, 1L), List.of(2L, at, 0.9, 5L));
    }

    @Test
    void rangeExportHasEverySourceEventOrEveryKeyAtEachStep() {
        export(EntityQuery.Range.events(T0, T0.plus(Duration.ofHours(1))), "out/events.parquet");
        assertThat(rows(repo.resolve("out/events.parquet"))).containsExactly(
                List.of(1L, T0, 0.1, 1L), List.of(2L, T0.plus(Duration.ofHours(1)), 0.9, 5L));
        export(new EntityQuery.Range(T0, T0.plus(Duration.ofHours(2)), Duration.ofHours(1)), "out/steps.parquet");
        assertThat(rows(repo.resolve("out/steps.parquet"))).containsExactly(
                List.of(1L, T0, 0.1, 1L),
                List.of(1L, T0.plus(Duration.ofHours(1)), 0.1, 1L), List.of(2L, T0.plus(Duration.ofHours(1)), 0.9, 5L),
                List.of(1L, T0.plus(Duration.ofHours(2)), 0.2, 2L), List.of(2L, T0.plus(Duration.ofHours(2)), 0.9, 5L));
    }

    @Test
    void replayOfUnchangedInputsEqualsTheOriginalEvenAfterANewApply() {
        TrainingSet table = export(null, "out/table.parquet");
        TrainingSet query = export(new EntityQuery.Range(T0, T0.plus(Duration.ofHours(3)), Duration.ofMinutes(30)),
                "out/query.parquet");
        // the current spec no longer has the feature: the replay uses the recorded version
        database.registry().apply(spec(true), ApplyOptions.by("test").forced());

        TrainingSet again = trainingSets.replay(new ReplayRequest("rides", table.id(), Path.of("out/table-again.parquet"),
                false, false), ProgressListener.NONE);
        assertThat(again.id()).isNotEqualTo(table.id());
        assertThat(again.specVersion()).isEqualTo(table.specVersion());
        assertThat(again.inputFingerprint()).isEqualTo(table.inputFingerprint());
        assertThat(rows(repo.resolve("out/table-again.parquet"))).isEqualTo(rows(repo.resolve("out/table.parquet")))
                .hasSize(2);

        trainingSets.replay(new ReplayRequest("rides", query.id(), Path.of("out/query-again.parquet"), false, false),
                ProgressListener.NONE);
        assertThat(rows(repo.resolve("out/query-again.parquet"))).isEqualTo(rows(repo.resolve("out/query.parquet")))
                .hasSize((int) query.rowCount());
    }

    @Test
    void replayIsRefusedNamingAChangedInputUnlessChangesAreAllowed() throws Exception {
        TrainingSet set = export(null, "out/table.parquet");
        Instant modified = Files.getLastModifiedTime(repo.resolve("data/drivers.parquet")).toInstant();
        writeDrivers(List.of(new Object[] {1L, T0, 0.5, 1L}, new Object[] {2L, T0, 0.6, 5L}));
        Files.setLastModifiedTime(repo.resolve("data/drivers.parquet"),
                java.nio.file.attribute.FileTime.from(modified.plusSeconds(5)));

        ReplayRequest replay = new ReplayRequest("rides", set.id(), Path.of("out/again.parquet"), false, false);
        assertThatThrownBy(() -> trainingSets.replay(replay, ProgressListener.NONE))
                .isInstanceOf(InputChangedException.class)
                .hasMessageContaining("source drivers: file " + repo.resolve("data/drivers.parquet").toAbsolutePath())
                .hasMessageContaining("changed")
                .hasMessageContaining("--allow-changed-inputs");
        assertThat(repo.resolve("out/again.parquet")).doesNotExist();

        trainingSets.replay(new ReplayRequest("rides", set.id(), Path.of("out/again.parquet"), false, true),
                ProgressListener.NONE);
        assertThat(rows(repo.resolve("out/again.parquet"))).extracting(r -> r.get(2)).containsExactly(0.5, 0.6);
    }

    @Test
    void replayOfAChangedEntityTableIsRefused() {
        TrainingSet set = export(null, "out/table.parquet");
        ParquetTables.write(repo.resolve("entities.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP)), List.<Object[]>of(new Object[] {1L, T0}));
        assertThatThrownBy(() -> trainingSets.replay(new ReplayRequest("rides", set.id(), Path.of("out/again.parquet"),
                false, false), ProgressListener.NONE)).isInstanceOf(InputChangedException.class)
                .hasMessageContaining("the entity table " + repo.resolve("entities.parquet").toAbsolutePath());
    }

    @Test
    void unknownTrainingSetIsNotFoundAndBadQueriesNameTheirField() {
        assertThatThrownBy(() -> trainingSets.replay(new ReplayRequest("rides", "nope", Path.of("out/x.parquet"), false,
                false), ProgressListener.NONE)).isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> EntityQueries.of(null, "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z", null))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("after its end");
        assertThatThrownBy(() -> EntityQueries.of(null, null, null, "1h"))
                .isInstanceOf(BadRequestException.class).extracting(e -> ((BadRequestException) e).field())
                .isEqualTo("every");
        assertThatThrownBy(() -> EntityQueries.of(null, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "soon"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("90s, 15m, 1h");
        assertThat(EntityQueries.of(null, "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "1h"))
                .isEqualTo(new EntityQuery.Range(Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-01-02T00:00:00Z"), Duration.ofHours(1)));
    }
}
