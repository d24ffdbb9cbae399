package dev.granary.offline;

import static dev.granary.offline.Fixture.at;
import static dev.granary.offline.Fixture.cols;
import static dev.granary.offline.Fixture.column;
import static dev.granary.offline.Fixture.row;
import static dev.granary.offline.Fixture.rows;
import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;
import static dev.granary.spec.ValueType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.spec.FeatureSpec;
import dev.granary.spec.RepoSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointInTimeExportTest {
    @TempDir
    Path dir;

    private RepoSpec driverRepo(long ttl, boolean created) {
        return Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("stats", "stats.parquet", created)),
                List.of(Fixture.view("driver_stats", "stats", List.of("driver"), ttl,
                        List.of(new FeatureSpec("rate", FLOAT64)), List.of())));
    }

    private Path entities(Object[]... rows) {
        Path file = dir.resolve("entities.parquet");
        ParquetTables.write(file, cols("driver_id", INT64, "event_timestamp", TIMESTAMP), rows(rows));
        return file;
    }

    @Test
    void ttlBoundaryIncludesExactlyTtlOldAndExcludesOneMicroOlder() {
        ParquetTables.write(dir.resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(0), 0.5), row(2L, at(0).minusNanos(1000), 0.7)));
        Path e = entities(row(1L, at(3600)), row(2L, at(3600)));
        var out = Fixture.export(driverRepo(3600, false), dir, e, 0, false, "driver_stats:rate");
        assertThat(column(out, "rate")).containsExactly(0.5, null);
    }

    @Test
    void exportNeverLeaksFutureValues() {
        ParquetTables.write(dir.resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 0.1), row(1L, at(20), 0.2)));
        Path e = entities(row(1L, at(5)), row(1L, at(10)), row(1L, at(19)), row(1L, at(25)));
        var out = Fixture.export(driverRepo(0, false), dir, e, 0, false, "driver_stats:rate");
        assertThat(column(out, "rate")).containsExactly(null, 0.1, 0.1, 0.2);
    }

    @Test
    void equalEventTimesAreBrokenByCreatedTimeThenFileOrder() {
        ParquetTables.write(dir.resolve("stats.parquet"),
                cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "created", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), at(50), 0.9), row(1L, at(10), at(40), 0.1),
                        row(2L, at(10), at(40), 0.3), row(2L, at(10), at(40), 0.4)));
        Path e = entities(row(1L, at(10)), row(2L, at(11)));
        var out = Fixture.export(driverRepo(0, true), dir, e, 0, false, "driver_stats:rate");
        assertThat(column(out, "rate")).containsExactly(0.9, 0.4);
    }

    @Test
    void nullInNewestRowIsNullNotAnOlderValue() {
        ParquetTables.write(dir.resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 0.1), row(1L, at(20), null)));
        var out = Fixture.export(driverRepo(0, false), dir, entities(row(1L, at(30))), 0, false, "driver_stats:rate");
        assertThat(column(out, "rate")).containsExactly((Object) null);
    }

    @Test
    void unknownKeysNullKeysAndDuplicatesKeepEveryRowInInputOrder() {
        ParquetTables.write(dir.resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(30), 0.3), row(1L, at(10), 0.1), row(3L, at(5), 0.5)));
        Path e = dir.resolve("entities.parquet");
        ParquetTables.write(e, cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "label", STRING),
                rows(row(9L, at(40), "a"), row(null, at(40), "b"), row(1L, at(20), "c"), row(1L, at(20), "d"),
                        row(3L, null, "e"), row(1L, at(40), "f")));
        var out = Fixture.export(driverRepo(0, false), dir, e, 0, false, "driver_stats:rate");
        assertThat(out.columns().stream().map(ParquetTables.Column::name))
                .containsExactly("driver_id", "event_timestamp", "label", "rate");
        assertThat(column(out, "label")).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(column(out, "driver_id")).containsExactly(9L, null, 1L, 1L, 3L, 1L);
        assertThat(column(out, "rate")).containsExactly(null, null, 0.1, 0.1, null, 0.3);
    }

    @Test
    void severalFilesInAFolderAreReadInLexicalOrderForTies() {
        Path folder = dir.resolve("stats");
        folder.toFile().mkdirs();
        var schema = cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64);
        ParquetTables.write(folder.resolve("b.parquet"), schema, rows(row(1L, at(10), 0.2)));
        ParquetTables.write(folder.resolve("a.parquet"), schema, rows(row(1L, at(10), 0.1), row(2L, at(5), 0.5)));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("stats", "stats", false)),
                List.of(Fixture.view("driver_stats", "stats", List.of("driver"), 0,
                        List.of(new FeatureSpec("rate", FLOAT64)), List.of())));
        var out = Fixture.export(spec, dir, entities(row(1L, at(10)), row(2L, at(10))), 0, false, "driver_stats:rate");
        assertThat(column(out, "rate")).containsExactly(0.2, 0.5);
    }

    @Test
    void outputTypesFollowTheDeclaredTypes() {
        ParquetTables.write(dir.resolve("stats.parquet"),
                cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64, "name", STRING, "seen", TIMESTAMP),
                rows(row(1L, at(10), 0.1, "x", at(3))));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("stats", "stats.parquet", false)),
                List.of(Fixture.view("driver_stats", "stats", List.of("driver"), 0, List.of(new FeatureSpec("rate", FLOAT64),
                        new FeatureSpec("name", STRING), new FeatureSpec("seen", TIMESTAMP)), List.of())));
        var out = Fixture.export(spec, dir, entities(row(1L, at(20))), 0, false,
                "driver_stats:seen", "driver_stats:name", "driver_stats:rate");
        assertThat(out.columns().subList(2, 5)).containsExactly(new ParquetTables.Column("seen", TIMESTAMP),
                new ParquetTables.Column("name", STRING), new ParquetTables.Column("rate", FLOAT64));
        assertThat(Arrays.asList(out.rows().get(0)).subList(2, 5)).containsExactly(at(3), "x", 0.1);
    }
}
