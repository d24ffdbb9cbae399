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

import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SpecError;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;

/**
 * How sources are read and checked: the files of a folder in lexical order, timestamps in every unit and in
 * INT96, naive timestamps as UTC, and the source checks of plan/apply reporting every mismatch with its path and
 * fix.
 */
interface SourceContract extends OfflineEngineUnderTest {
    @Test
    default void severalFilesInAFolderAreReadInLexicalOrderForTies() {
        Path folder = dir().resolve("stats");
        folder.toFile().mkdirs();
        var schema = cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64);
        ParquetTables.write(folder.resolve("b.parquet"), schema, rows(row(1L, at(10), 0.2)));
        ParquetTables.write(folder.resolve("a.parquet"), schema, rows(row(1L, at(10), 0.1), row(2L, at(5), 0.5)));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("stats", "stats", false)),
                List.of(Fixture.view("driver_stats", "stats", List.of("driver"), 0,
                        List.of(new FeatureSpec("rate", FLOAT64)), List.of())));
        var out = export(spec, dir(), entities(row(1L, at(10)), row(2L, at(10))), 0, false, "driver_stats:rate");
        assertThat(column(out, "rate")).containsExactly(0.2, 0.5);
    }

    @Test
    default void naiveTimestampsReadAsUtcInEveryUnit() throws Exception {
        // the same instants written as naive millis, UTC-adjusted nanos, and naive micros
        writeRaw(dir().resolve("s.parquet"), "value", TimeUnit.MILLIS, false, new long[]{at(10).toEpochMilli(), at(20).toEpochMilli()});
        ParquetTables.write(dir().resolve("e-utc.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP),
                rows(row(1L, at(15)), row(1L, at(20))));
        writeRaw(dir().resolve("e-nanos.parquet"), "idx", TimeUnit.NANOS, true, new long[]{at(15).toEpochMilli() * 1_000_000L,
                at(20).toEpochMilli() * 1_000_000L});
        writeRaw(dir().resolve("e-naive.parquet"), "idx", TimeUnit.MICROS, false, new long[]{at(15).toEpochMilli() * 1000L,
                at(20).toEpochMilli() * 1000L - 1});
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("s", "s.parquet", false)),
                List.of(Fixture.view("v", "s", List.of("driver"), 0, List.of(new FeatureSpec("value", INT64)), List.of())));
        assertThat(column(export(spec, dir(), dir().resolve("e-utc.parquet"), 0, false, "v:value"), "value"))
                .containsExactly(0L, 1L);
        assertThat(column(export(spec, dir(), dir().resolve("e-nanos.parquet"), 0, false, "v:value"), "value"))
                .containsExactly(0L, 1L);
        var naive = export(spec, dir(), dir().resolve("e-naive.parquet"), 0, false, "v:value");
        assertThat(column(naive, "value")).containsExactly(0L, 0L);
    }

    @Test
    default void int96TimestampsAreReadAsInstants() throws Exception {
        MessageType schema = Types.buildMessage()
                .required(PrimitiveTypeName.INT64).named("driver_id")
                .optional(PrimitiveTypeName.INT96).named("event_timestamp")
                .required(PrimitiveTypeName.INT64).named("value")
                .named("impala");
        long julianDayOfEpoch = 2_440_588L;
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(dir().resolve("s.parquet")))
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
        var out = export(spec, dir(), entities(row(1L, at(19)), row(1L, at(20)), row(1L, at(9))), 0, false, "v:value");
        assertThat(column(out, "value")).containsExactly(10L, 20L, null);
    }

    @Test
    default void checkSourcesAcceptsMatchingData() {
        ParquetTables.write(dir().resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 0.1)));
        assertThat(engine().checkSources(repo(0, List.of(new AggregationSpec("s", AggregationFunction.SUM, "rate", 60, ""))), dir()))
                .isEmpty();
    }

    @Test
    default void checkSourcesReportsEveryMismatchWithPathAndFix() {
        ParquetTables.write(dir().resolve("stats.parquet"), cols("driver_id", STRING, "event_timestamp", INT64, "rate", STRING),
                rows(row("a", 10L, "x")));
        FeatureViewSpec view = Fixture.view("driver_stats", "stats", List.of("driver"), 0,
                List.of(new FeatureSpec("rate", FLOAT64), new FeatureSpec("missing", INT64)),
                List.of(new AggregationSpec("s", AggregationFunction.SUM, "rate", 60, "")));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("stats", "stats.parquet", false),
                Fixture.source("gone", "nowhere.parquet", false)), List.of(view));
        List<SpecError> errors = engine().checkSources(spec, dir());
        assertThat(errors).extracting(SpecError::path).containsExactlyInAnyOrder(
                "sources[stats].timestampField", "featureViews[driver_stats].entities[driver]",
                "featureViews[driver_stats].features[rate].type", "featureViews[driver_stats].features[missing]",
                "featureViews[driver_stats].aggregations[s].column", "sources[gone].path");
        assertThat(errors).allSatisfy(e -> assertThat(e.fix()).isNotBlank());
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
