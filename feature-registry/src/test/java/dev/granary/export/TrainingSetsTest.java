package dev.granary.export;

import static dev.granary.registry.db.Tables.FEATURE_USAGE;
import static dev.granary.registry.db.Tables.TRAINING_SETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.dsl.Definitions;
import dev.granary.error.BadRequestException;
import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.offline.ProgressListener;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.ProjectNotFoundException;
import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.RegistrySql;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export through the registry: the project's current spec, point-in-time values, and the record it leaves. */
class TrainingSetsTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path repo;
    private RegistryDatabase database;
    private TrainingSets trainingSets;

    @BeforeEach
    void applyASpecWithData() throws java.io.IOException {
        Files.createDirectories(repo.resolve("data"));
        ParquetTables.write(repo.resolve("data/drivers.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("conv_rate", ValueType.FLOAT64),
                new Column("trips", ValueType.INT64)), List.of(
                new Object[] {1L, T0, 0.1, 1L},
                new Object[] {1L, T0.plus(Duration.ofHours(2)), 0.2, 2L},
                new Object[] {2L, T0, 0.9, 5L}));
        ParquetTables.write(repo.resolve("entities.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP)), List.of(
                new Object[] {1L, T0.plus(Duration.ofHours(1))},
                new Object[] {1L, T0.plus(Duration.ofHours(3))},
                new Object[] {2L, T0.minus(Duration.ofHours(1))}));
        RepoSpec spec = Definitions.toSpec("rides", r -> {
            var driver = r.entity("driver").key("driver_id", ValueType.INT64);
            var source = r.parquet("drivers", "data/drivers.parquet");
            var stats = r.featureView("driver_stats", driver, source).ttl(Duration.ofDays(1))
                    .feature("conv_rate", ValueType.FLOAT64).feature("trips", ValueType.INT64);
            r.featureService("ranking", stats.select("conv_rate"));
        });
        database = RegistryDatabase.open("jdbc:h2:file:" + repo.resolve(".granary/registry"), "sa", "");
        database.registry().apply(spec, ApplyOptions.by("test"));
        trainingSets = new TrainingSets(database.registry(), new ParquetOfflineEngine(), database.dataSource(), repo, repo);
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void exportWritesPointInTimeValuesAndRecordsTheTrainingSet() {
        TrainingSet set = trainingSets.export(request(List.of("driver_stats:conv_rate", "driver_stats:trips"), null),
                ProgressListener.NONE);

        ParquetTables.Table table = ParquetTables.read(repo.resolve("out/train.parquet"));
        int conv = table.columnIndex("conv_rate");
        assertThat(table.rows()).extracting(r -> r[conv]).containsExactly(0.1, 0.2, null);
        assertThat(set.rowCount()).isEqualTo(3);
        assertThat(set.specVersion()).isEqualTo(1);
        assertThat(set.columns()).containsExactly("conv_rate", "trips");

        RegistrySql sql = new RegistrySql(database.dataSource());
        var recorded = sql.db().selectFrom(TRAINING_SETS).where(TRAINING_SETS.ID.eq(set.id())).fetchOne();
        assertThat(recorded).isNotNull();
        assertThat(recorded.getRowCount()).isEqualTo(3L);
        assertThat(recorded.getEntityFingerprint()).isEqualTo(set.inputFingerprint());
        assertThat(recorded.getFeatures()).isEqualTo("driver_stats:conv_rate,driver_stats:trips");
        assertThat(sql.db().select(FEATURE_USAGE.FEATURE, FEATURE_USAGE.EXPORTS).from(FEATURE_USAGE)
                .where(FEATURE_USAGE.PROJECT.eq("rides")).fetchMap(FEATURE_USAGE.FEATURE, FEATURE_USAGE.EXPORTS))
                .containsEntry("conv_rate", 1L).containsEntry("trips", 1L);
    }

    @Test
    void exportOfAFeatureServiceUsesItsFeaturesAndCountsUsageAgain() {
        trainingSets.export(request(List.of("driver_stats:conv_rate"), null), ProgressListener.NONE);
        TrainingSet set = trainingSets.export(new TrainingSetRequest("rides", Path.of("entities.parquet"), null,
                "ranking", Path.of("out/train.parquet"), false, null, true), ProgressListener.NONE);

        assertThat(set.features()).containsExactly("driver_stats:conv_rate");
        RegistrySql sql = new RegistrySql(database.dataSource());
        assertThat(sql.db().select(FEATURE_USAGE.EXPORTS).from(FEATURE_USAGE)
                .where(FEATURE_USAGE.FEATURE.eq("conv_rate")).fetchOne(FEATURE_USAGE.EXPORTS)).isEqualTo(2L);
    }

    @Test
    void anExistingOutputIsKeptUnlessTheRequestAsksToOverwrite() throws Exception {
        Files.createDirectories(repo.resolve("out"));
        Files.writeString(repo.resolve("out/train.parquet"), "notes");
        assertThatThrownBy(() -> trainingSets.export(request(List.of("driver_stats:conv_rate"), null),
                ProgressListener.NONE)).isInstanceOf(BadRequestException.class).hasMessageContaining("already exists")
                .extracting(e -> ((BadRequestException) e).field()).isEqualTo("output");
        assertThat(Files.readString(repo.resolve("out/train.parquet"))).isEqualTo("notes");
    }

    @Test
    void unknownFeatureIsBadInputNamingTheFieldAndRecordsNothing() {
        assertThatThrownBy(() -> trainingSets.export(request(List.of("driver_stats:nope"), null), ProgressListener.NONE))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("driver_stats:nope")
                .hasMessageContaining("conv_rate")
                .extracting(e -> ((BadRequestException) e).field()).isEqualTo("features");
        assertThat(new RegistrySql(database.dataSource()).db().fetchCount(TRAINING_SETS)).isZero();
        assertThat(repo.resolve("out/train.parquet")).doesNotExist();
    }

    @Test
    void missingEntityTableIsBadInput() {
        TrainingSetRequest request = new TrainingSetRequest("rides", Path.of("nowhere.parquet"),
                List.of("driver_stats:conv_rate"), null, Path.of("out/train.parquet"), false, null);
        assertThatThrownBy(() -> trainingSets.export(request, ProgressListener.NONE))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("nowhere.parquet");
    }

    @Test
    void unknownProjectIsNotFound() {
        TrainingSetRequest request = new TrainingSetRequest("nobody", Path.of("entities.parquet"),
                List.of("driver_stats:conv_rate"), null, Path.of("out/train.parquet"), false, null);
        assertThatThrownBy(() -> trainingSets.export(request, ProgressListener.NONE))
                .isInstanceOf(ProjectNotFoundException.class);
    }

    @Test
    void requestNeedsExactlyOneOfFeaturesAndService() {
        assertThatThrownBy(() -> request(List.of("driver_stats:conv_rate"), "ranking"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> request(null, null))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("neither");
    }

    private static TrainingSetRequest request(List<String> features, String service) {
        return new TrainingSetRequest("rides", Path.of("entities.parquet"), features, service,
                Path.of("out/train.parquet"), false, null);
    }
}
