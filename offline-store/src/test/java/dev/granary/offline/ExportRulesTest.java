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
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportRulesTest {
    @TempDir
    Path dir;

    private Path entities(Object[]... rows) {
        Path file = dir.resolve("entities.parquet");
        ParquetTables.write(file, cols("driver_id", INT64, "event_timestamp", TIMESTAMP), rows(rows));
        return file;
    }

    @Test
    void windowsCoverOpenStartClosedEndAndCountOfNothingIsZero() {
        ParquetTables.write(dir.resolve("trips.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "fare", INT32),
                rows(row(1L, at(0), 5), row(1L, at(50), 7), row(1L, at(100), 11), row(1L, at(90), null)));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("trips", "trips.parquet", false)),
                List.of(Fixture.view("trips", "trips", List.of("driver"), 0, List.of(), List.of(
                        new AggregationSpec("n", AggregationFunction.COUNT, "fare", 100, ""),
                        new AggregationSpec("total", AggregationFunction.SUM, "fare", 100, ""),
                        new AggregationSpec("avg", AggregationFunction.MEAN, "fare", 100, ""),
                        new AggregationSpec("low", AggregationFunction.MIN, "fare", 100, "")))));
        var out = Fixture.export(spec, dir, entities(row(1L, at(100)), row(1L, at(99)), row(1L, at(-1)), row(2L, at(100))),
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
    void twoViewsSharingAFeatureNameNeedFullNames() {
        var schema = cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64);
        ParquetTables.write(dir.resolve("a.parquet"), schema, rows(row(1L, at(1), 0.1)));
        ParquetTables.write(dir.resolve("b.parquet"), schema, rows(row(1L, at(1), 0.2)));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()),
                List.of(Fixture.source("a", "a.parquet", false), Fixture.source("b", "b.parquet", false)),
                List.of(Fixture.view("va", "a", List.of("driver"), 0, List.of(new FeatureSpec("rate", FLOAT64)), List.of()),
                        Fixture.view("vb", "b", List.of("driver"), 0, List.of(new FeatureSpec("rate", FLOAT64)), List.of())));
        Path e = entities(row(1L, at(2)));
        assertThatThrownBy(() -> Fixture.export(spec, dir, e, 0, false, "va:rate", "vb:rate"))
                .isInstanceOf(OfflineStoreException.class).hasMessageContaining("full feature names");
        var out = Fixture.export(spec, dir, e, 0, true, "va:rate", "vb:rate");
        assertThat(column(out, "va__rate")).containsExactly(0.1);
        assertThat(column(out, "vb__rate")).containsExactly(0.2);
    }

    @Test
    void viewsKeyedByDifferentEntitiesAndCompositeKeysJoinInOneExport() {
        EntitySpec customer = new EntitySpec("customer", List.of(new JoinKey("customer_id", STRING)), "");
        EntitySpec route = new EntitySpec("route", List.of(new JoinKey("city", STRING), new JoinKey("zone", INT64)), "");
        ParquetTables.write(dir.resolve("d.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(1), 0.1), row(2L, at(1), 0.2)));
        ParquetTables.write(dir.resolve("c.parquet"), cols("customer_id", STRING, "event_timestamp", TIMESTAMP, "spend", INT64),
                rows(row("x", at(1), 10L), row("y", at(1), 20L)));
        ParquetTables.write(dir.resolve("r.parquet"),
                cols("city", STRING, "zone", INT64, "event_timestamp", TIMESTAMP, "demand", FLOAT64),
                rows(row("paris", 1L, at(1), 1.5), row("paris", 2L, at(1), 2.5), row("rome", 1L, at(1), 3.5)));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver(), customer, route),
                List.of(Fixture.source("d", "d.parquet", false), Fixture.source("c", "c.parquet", false),
                        Fixture.source("r", "r.parquet", false)),
                List.of(Fixture.view("drivers", "d", List.of("driver"), 0, List.of(new FeatureSpec("rate", FLOAT64)), List.of()),
                        Fixture.view("customers", "c", List.of("customer"), 0, List.of(new FeatureSpec("spend", INT64)), List.of()),
                        Fixture.view("routes", "r", List.of("route"), 0, List.of(new FeatureSpec("demand", FLOAT64)), List.of())));
        Path e = dir.resolve("entities.parquet");
        ParquetTables.write(e, cols("driver_id", INT64, "customer_id", STRING, "city", STRING, "zone", INT64,
                "event_timestamp", TIMESTAMP), rows(row(2L, "x", "paris", 2L, at(5)), row(1L, "y", "rome", 2L, at(5)),
                row(1L, "z", "rome", 1L, at(5))));
        var out = Fixture.export(spec, dir, e, 0, false, "drivers:rate", "customers:spend", "routes:demand");
        assertThat(column(out, "rate")).containsExactly(0.2, 0.1, 0.1);
        assertThat(column(out, "spend")).containsExactly(10L, 20L, null);
        assertThat(column(out, "demand")).containsExactly(2.5, null, 3.5);
    }

    @Test
    void naiveTimestampsReadAsUtcInEveryUnit() throws Exception {
        // the same instants written as naive millis, UTC-adjusted nanos, and naive micros
        writeRaw(dir.resolve("s.parquet"), "value", TimeUnit.MILLIS, false, new long[]{at(10).toEpochMilli(), at(20).toEpochMilli()});
        ParquetTables.write(dir.resolve("e-utc.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP),
                rows(row(1L, at(15)), row(1L, at(20))));
        writeRaw(dir.resolve("e-nanos.parquet"), "idx", TimeUnit.NANOS, true, new long[]{at(15).toEpochMilli() * 1_000_000L,
                at(20).toEpochMilli() * 1_000_000L});
        writeRaw(dir.resolve("e-naive.parquet"), "idx", TimeUnit.MICROS, false, new long[]{at(15).toEpochMilli() * 1000L,
                at(20).toEpochMilli() * 1000L - 1});
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("s", "s.parquet", false)),
                List.of(Fixture.view("v", "s", List.of("driver"), 0, List.of(new FeatureSpec("value", INT64)), List.of())));
        assertThat(column(Fixture.export(spec, dir, dir.resolve("e-utc.parquet"), 0, false, "v:value"), "value"))
                .containsExactly(0L, 1L);
        assertThat(column(Fixture.export(spec, dir, dir.resolve("e-nanos.parquet"), 0, false, "v:value"), "value"))
                .containsExactly(0L, 1L);
        var naive = Fixture.export(spec, dir, dir.resolve("e-naive.parquet"), 0, false, "v:value");
        assertThat(column(naive, "value")).containsExactly(0L, 0L);
    }

    @Test
    void int96TimestampsAreReadAsInstants() throws Exception {
        MessageType schema = Types.buildMessage()
                .required(PrimitiveTypeName.INT64).named("driver_id")
                .optional(PrimitiveTypeName.INT96).named("event_timestamp")
                .required(PrimitiveTypeName.INT64).named("value")
                .named("impala");
        long julianDayOfEpoch = 2_440_588L;
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(dir.resolve("s.parquet")))
                .withConf(new Configuration(false)).withType(schema).build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            for (long second : new long[]{10, 20}) {
                java.time.Instant t = at(second);
                int day = (int) (julianDayOfEpoch + Math.floorDiv(t.getEpochSecond(), 86_400L));
                long nanosOfDay = Math.floorMod(t.getEpochSecond(), 86_400L) * 1_000_000_000L;
                writer.write(groups.newGroup().append("driver_id", 1L)
                        .append("event_timestamp", new org.apache.parquet.example.data.simple.NanoTime(day, nanosOfDay))
                        .append("value", second));
            }
        }
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("s", "s.parquet", false)),
                List.of(Fixture.view("v", "s", List.of("driver"), 0, List.of(new FeatureSpec("value", INT64)), List.of())));
        var out = Fixture.export(spec, dir, entities(row(1L, at(19)), row(1L, at(20)), row(1L, at(9))), 0, false, "v:value");
        assertThat(column(out, "value")).containsExactly(10L, 20L, null);
    }

    @Test
    void failedExportLeavesThePreviousOutputIntact() throws Exception {
        Path out = dir.resolve("out.parquet");
        Files.writeString(out, "previous");
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("s", "missing.parquet", false)),
                List.of(Fixture.view("v", "s", List.of("driver"), 0, List.of(new FeatureSpec("x", INT64)), List.of())));
        ExportRequest request = new ExportRequest(spec, List.of(new FeatureRef("v", "x")), entities(row(1L, at(1))), null,
                out, false, dir, 0);
        assertThatThrownBy(() -> new ArrowOfflineEngine().export(request, ProgressListener.NONE))
                .isInstanceOf(OfflineStoreException.class).hasMessageContaining("sources[s].path");
        assertThat(Files.readString(out)).isEqualTo("previous");
    }

    /** A table of driver_id 1 with {@code value} = row index, timestamps stored raw in {@code unit}. */
    private static void writeRaw(Path file, String valueColumn, TimeUnit unit, boolean utc, long[] times) throws Exception {
        MessageType schema = Types.buildMessage()
                .required(PrimitiveTypeName.INT64).named("driver_id")
                .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(utc, unit)).named("event_timestamp")
                .required(PrimitiveTypeName.INT64).named(valueColumn)
                .named("raw");
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new Configuration(false)).withType(schema).withExtraMetaData(new HashMap<>()).build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            for (int i = 0; i < times.length; i++) {
                writer.write(groups.newGroup().append("driver_id", 1L).append("event_timestamp", times[i])
                        .append(valueColumn, (long) i));
            }
        }
    }
}
