package dev.granary.offline;

import static dev.granary.offline.Fixture.at;
import static dev.granary.offline.Fixture.cols;
import static dev.granary.offline.Fixture.column;
import static dev.granary.offline.Fixture.row;
import static dev.granary.offline.Fixture.rows;
import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT32;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;
import static dev.granary.spec.ValueType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Point-in-time values (semantics.md): TTL bounds, no future values, ties broken by created time then file order,
 * nulls kept, every input row and column kept in order, declared output types, window aggregations, several views
 * and keys in one export, full names, and a failed export that leaves the previous output in place.
 */
interface PointInTimeContract extends OfflineEngineUnderTest {
    @Test
    default void ttlBoundaryIncludesExactlyTtlOldAndExcludesOneMicroOlder() {
        ParquetTables.write(dir().resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(0), 0.5), row(2L, at(0).minusNanos(1000), 0.7)));
        Path e = entities(row(1L, at(3600)), row(2L, at(3600)));
        var out = export(driverRepo(3600, false), dir(), e, 0, false, "driver_stats:rate");
        assertThat(column(out, "rate")).containsExactly(0.5, null);
    }

    @Test
    default void exportNeverLeaksFutureValues() {
        ParquetTables.write(dir().resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 0.1), row(1L, at(20), 0.2)));
        Path e = entities(row(1L, at(5)), row(1L, at(10)), row(1L, at(19)), row(1L, at(25)));
        var out = export(driverRepo(0, false), dir(), e, 0, false, "driver_stats:rate");
        assertThat(column(out, "rate")).containsExactly(null, 0.1, 0.1, 0.2);
    }

    @Test
    default void equalEventTimesAreBrokenByCreatedTimeThenFileOrder() {
        ParquetTables.write(dir().resolve("stats.parquet"),
                cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "created", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), at(50), 0.9), row(1L, at(10), at(40), 0.1),
                        row(2L, at(10), at(40), 0.3), row(2L, at(10), at(40), 0.4)));
        Path e = entities(row(1L, at(10)), row(2L, at(11)));
        var out = export(driverRepo(0, true), dir(), e, 0, false, "driver_stats:rate");
        assertThat(column(out, "rate")).containsExactly(0.9, 0.4);
    }

    @Test
    default void nullInNewestRowIsNullNotAnOlderValue() {
        ParquetTables.write(dir().resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 0.1), row(1L, at(20), null)));
        var out = export(driverRepo(0, false), dir(), entities(row(1L, at(30))), 0, false, "driver_stats:rate");
        assertThat(column(out, "rate")).containsExactly((Object) null);
    }

    @Test
    default void unknownKeysNullKeysAndDuplicatesKeepEveryRowInInputOrder() {
        ParquetTables.write(dir().resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(30), 0.3), row(1L, at(10), 0.1), row(3L, at(5), 0.5)));
        Path e = dir().resolve("entities.parquet");
        ParquetTables.write(e, cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "label", STRING),
                rows(row(9L, at(40), "a"), row(null, at(40), "b"), row(1L, at(20), "c"), row(1L, at(20), "d"),
                        row(3L, null, "e"), row(1L, at(40), "f")));
        var out = export(driverRepo(0, false), dir(), e, 0, false, "driver_stats:rate");
        assertThat(out.columns().stream().map(ParquetTables.Column::name))
                .containsExactly("driver_id", "event_timestamp", "label", "rate");
        assertThat(column(out, "label")).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(column(out, "driver_id")).containsExactly(9L, null, 1L, 1L, 3L, 1L);
        assertThat(column(out, "rate")).containsExactly(null, null, 0.1, 0.1, null, 0.3);
    }

    @Test
    default void outputTypesFollowTheDeclaredTypes() {
        ParquetTables.write(dir().resolve("stats.parquet"),
                cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64, "name", STRING, "seen", TIMESTAMP),
                rows(row(1L, at(10), 0.1, "x", at(3))));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("stats", "stats.parquet", false)),
                List.of(Fixture.view("driver_stats", "stats", List.of("driver"), 0, List.of(new FeatureSpec("rate", FLOAT64),
                        new FeatureSpec("name", STRING), new FeatureSpec("seen", TIMESTAMP)), List.of())));
        var out = export(spec, dir(), entities(row(1L, at(20))), 0, false,
                "driver_stats:seen", "driver_stats:name", "driver_stats:rate");
        assertThat(out.columns().subList(2, 5)).containsExactly(new ParquetTables.Column("seen", TIMESTAMP),
                new ParquetTables.Column("name", STRING), new ParquetTables.Column("rate", FLOAT64));
        assertThat(Arrays.asList(out.rows().get(0)).subList(2, 5)).containsExactly(at(3), "x", 0.1);
    }

    @Test
    default void windowsCoverOpenStartClosedEndAndCountOfNothingIsZero() {
        ParquetTables.write(dir().resolve("trips.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "fare", INT32),
                rows(row(1L, at(0), 5), row(1L, at(50), 7), row(1L, at(100), 11), row(1L, at(90), null)));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("trips", "trips.parquet", false)),
                List.of(Fixture.view("trips", "trips", List.of("driver"), 0, List.of(), List.of(
                        new AggregationSpec("n", AggregationFunction.COUNT, "fare", 100, ""),
                        new AggregationSpec("total", AggregationFunction.SUM, "fare", 100, ""),
                        new AggregationSpec("avg", AggregationFunction.MEAN, "fare", 100, ""),
                        new AggregationSpec("low", AggregationFunction.MIN, "fare", 100, "")))));
        var out = export(spec, dir(), entities(row(1L, at(100)), row(1L, at(99)), row(1L, at(-1)), row(2L, at(100))),
                0, false, "trips:n", "trips:total", "trips:avg", "trips:low");
        // at 100 the window (0, 100] drops the row at 0 and keeps the row at 100
        assertThat(column(out, "n")).containsExactly(2L, 2L, 0L, 0L);
        assertThat(column(out, "total")).containsExactly(18L, 12L, null, null);
        assertThat(column(out, "avg")).containsExactly(9.0, 6.0, null, null);
        assertThat(column(out, "low")).containsExactly(7, 5, null, null);
        assertThat(out.columns()).extracting(ParquetTables.Column::type).containsExactly(INT64, TIMESTAMP, INT64, INT64,
                FLOAT64, INT32);
    }

    @Test
    default void twoViewsSharingAFeatureNameNeedFullNames() {
        var schema = cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64);
        ParquetTables.write(dir().resolve("a.parquet"), schema, rows(row(1L, at(1), 0.1)));
        ParquetTables.write(dir().resolve("b.parquet"), schema, rows(row(1L, at(1), 0.2)));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()),
                List.of(Fixture.source("a", "a.parquet", false), Fixture.source("b", "b.parquet", false)),
                List.of(Fixture.view("va", "a", List.of("driver"), 0, List.of(new FeatureSpec("rate", FLOAT64)), List.of()),
                        Fixture.view("vb", "b", List.of("driver"), 0, List.of(new FeatureSpec("rate", FLOAT64)), List.of())));
        Path e = entities(row(1L, at(2)));
        assertThatThrownBy(() -> export(spec, dir(), e, 0, false, "va:rate", "vb:rate"))
                .isInstanceOf(OfflineStoreException.class).hasMessageContaining("full feature names");
        var out = export(spec, dir(), e, 0, true, "va:rate", "vb:rate");
        assertThat(column(out, "va__rate")).containsExactly(0.1);
        assertThat(column(out, "vb__rate")).containsExactly(0.2);
    }

    @Test
    default void viewsKeyedByDifferentEntitiesAndCompositeKeysJoinInOneExport() {
        EntitySpec customer = new EntitySpec("customer", List.of(new JoinKey("customer_id", STRING)), "");
        EntitySpec route = new EntitySpec("route", List.of(new JoinKey("city", STRING), new JoinKey("zone", INT64)), "");
        ParquetTables.write(dir().resolve("d.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(1), 0.1), row(2L, at(1), 0.2)));
        ParquetTables.write(dir().resolve("c.parquet"), cols("customer_id", STRING, "event_timestamp", TIMESTAMP, "spend", INT64),
                rows(row("x", at(1), 10L), row("y", at(1), 20L)));
        ParquetTables.write(dir().resolve("r.parquet"),
                cols("city", STRING, "zone", INT64, "event_timestamp", TIMESTAMP, "demand", FLOAT64),
                rows(row("paris", 1L, at(1), 1.5), row("paris", 2L, at(1), 2.5), row("rome", 1L, at(1), 3.5)));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver(), customer, route),
                List.of(Fixture.source("d", "d.parquet", false), Fixture.source("c", "c.parquet", false),
                        Fixture.source("r", "r.parquet", false)),
                List.of(Fixture.view("drivers", "d", List.of("driver"), 0, List.of(new FeatureSpec("rate", FLOAT64)), List.of()),
                        Fixture.view("customers", "c", List.of("customer"), 0, List.of(new FeatureSpec("spend", INT64)), List.of()),
                        Fixture.view("routes", "r", List.of("route"), 0, List.of(new FeatureSpec("demand", FLOAT64)), List.of())));
        Path e = dir().resolve("entities.parquet");
        ParquetTables.write(e, cols("driver_id", INT64, "customer_id", STRING, "city", STRING, "zone", INT64,
                "event_timestamp", TIMESTAMP), rows(row(2L, "x", "paris", 2L, at(5)), row(1L, "y", "rome", 2L, at(5)),
                row(1L, "z", "rome", 1L, at(5))));
        var out = export(spec, dir(), e, 0, false, "drivers:rate", "customers:spend", "routes:demand");
        assertThat(column(out, "rate")).containsExactly(0.2, 0.1, 0.1);
        assertThat(column(out, "spend")).containsExactly(10L, 20L, null);
        assertThat(column(out, "demand")).containsExactly(2.5, null, 3.5);
    }

    @Test
    default void failedExportLeavesThePreviousOutputIntact() throws Exception {
        Path out = dir().resolve("out.parquet");
        Files.writeString(out, "previous");
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("s", "missing.parquet", false)),
                List.of(Fixture.view("v", "s", List.of("driver"), 0, List.of(new FeatureSpec("x", INT64)), List.of())));
        ExportRequest request = new ExportRequest(spec, List.of(new FeatureRef("v", "x")), entities(row(1L, at(1))), null,
                out, false, dir(), 0);
        assertThatThrownBy(() -> engine().export(request, ProgressListener.NONE))
                .isInstanceOf(OfflineStoreException.class).hasMessageContaining("sources[s].path");
        assertThat(Files.readString(out)).isEqualTo("previous");
    }
}
