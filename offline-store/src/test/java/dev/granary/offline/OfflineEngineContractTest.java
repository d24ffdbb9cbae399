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
import static org.assertj.core.api.Assertions.within;

import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.SpecError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Random;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule an {@link OfflineEngine} promises (semantics.md: point-in-time values with TTL and tie-breaks, window
 * aggregations, several views and keys, input rows and columns kept, full feature names, as-of reads, source
 * checks), plus the randomized test against a naive reference. Each engine runs it through a thin subclass that
 * only says how to build the engine; published in offline-store's test-jar.
 */
public abstract class OfflineEngineContractTest {
    @TempDir
    protected Path dir;

    /** The result of the last {@link #export}. */
    protected ExportResult lastResult;

    /** The engine under test; may be shared between tests (engines are thread-safe). */
    protected abstract OfflineEngine engine();

    /** How many random cases the reference test runs. */
    protected int randomCases() {
        return 200;
    }

    /** How many random cases must have split a view into several partitions (engines that spill say so). */
    protected int minimumSpilledCases() {
        return 0;
    }

    protected ParquetTables.Table export(RepoSpec spec, Path root, Path entities, long budget, boolean full,
                                         String... refs) {
        List<FeatureRef> features = Arrays.stream(refs).map(r -> FeatureRef.parse(r).orElseThrow()).toList();
        Path out = root.resolve("out-" + System.nanoTime() + ".parquet");
        ExportRequest request = new ExportRequest(spec, features, entities, null, out, full, root, budget);
        lastResult = engine().export(request, ProgressListener.NONE);
        return ParquetTables.read(out);
    }
    // ---- point-in-time values: TTL, ties, nulls, input rows kept ----

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
        var out = export(driverRepo(3600, false), dir, e, 0, false, "driver_stats:rate");
        assertThat(column(out, "rate")).containsExactly(0.5, null);
    }

    @Test
    void exportNeverLeaksFutureValues() {
        ParquetTables.write(dir.resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 0.1), row(1L, at(20), 0.2)));
        Path e = entities(row(1L, at(5)), row(1L, at(10)), row(1L, at(19)), row(1L, at(25)));
        var out = export(driverRepo(0, false), dir, e, 0, false, "driver_stats:rate");
        assertThat(column(out, "rate")).containsExactly(null, 0.1, 0.1, 0.2);
    }

    @Test
    void equalEventTimesAreBrokenByCreatedTimeThenFileOrder() {
        ParquetTables.write(dir.resolve("stats.parquet"),
                cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "created", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), at(50), 0.9), row(1L, at(10), at(40), 0.1),
                        row(2L, at(10), at(40), 0.3), row(2L, at(10), at(40), 0.4)));
        Path e = entities(row(1L, at(10)), row(2L, at(11)));
        var out = export(driverRepo(0, true), dir, e, 0, false, "driver_stats:rate");
        assertThat(column(out, "rate")).containsExactly(0.9, 0.4);
    }

    @Test
    void nullInNewestRowIsNullNotAnOlderValue() {
        ParquetTables.write(dir.resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 0.1), row(1L, at(20), null)));
        var out = export(driverRepo(0, false), dir, entities(row(1L, at(30))), 0, false, "driver_stats:rate");
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
        var out = export(driverRepo(0, false), dir, e, 0, false, "driver_stats:rate");
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
        var out = export(spec, dir, entities(row(1L, at(10)), row(2L, at(10))), 0, false, "driver_stats:rate");
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
        var out = export(spec, dir, entities(row(1L, at(20))), 0, false,
                "driver_stats:seen", "driver_stats:name", "driver_stats:rate");
        assertThat(out.columns().subList(2, 5)).containsExactly(new ParquetTables.Column("seen", TIMESTAMP),
                new ParquetTables.Column("name", STRING), new ParquetTables.Column("rate", FLOAT64));
        assertThat(Arrays.asList(out.rows().get(0)).subList(2, 5)).containsExactly(at(3), "x", 0.1);
    }

    // ---- windows, several views and keys, names, time units, failures ----

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
        var out = export(spec, dir, entities(row(1L, at(100)), row(1L, at(99)), row(1L, at(-1)), row(2L, at(100))),
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
        assertThatThrownBy(() -> export(spec, dir, e, 0, false, "va:rate", "vb:rate"))
                .isInstanceOf(OfflineStoreException.class).hasMessageContaining("full feature names");
        var out = export(spec, dir, e, 0, true, "va:rate", "vb:rate");
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
        var out = export(spec, dir, e, 0, false, "drivers:rate", "customers:spend", "routes:demand");
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
        assertThat(column(export(spec, dir, dir.resolve("e-utc.parquet"), 0, false, "v:value"), "value"))
                .containsExactly(0L, 1L);
        assertThat(column(export(spec, dir, dir.resolve("e-nanos.parquet"), 0, false, "v:value"), "value"))
                .containsExactly(0L, 1L);
        var naive = export(spec, dir, dir.resolve("e-naive.parquet"), 0, false, "v:value");
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
        var out = export(spec, dir, entities(row(1L, at(19)), row(1L, at(20)), row(1L, at(9))), 0, false, "v:value");
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
        assertThatThrownBy(() -> engine().export(request, ProgressListener.NONE))
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

    // ---- as-of reads (materialization) and source checks (plan/apply) ----

    private RepoSpec repo(long ttl, List<AggregationSpec> aggs) {
        return Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("stats", "stats.parquet", false)),
                List.of(Fixture.view("driver_stats", "stats", List.of("driver"), ttl,
                        List.of(new FeatureSpec("rate", FLOAT64)), aggs)));
    }

    private List<AsOfBatch.Row> asOf(RepoSpec spec, long start, long end, int batch) {
        List<AsOfBatch.Row> rows = new ArrayList<>();
        engine().asOf(spec, spec.featureViews().get(0), at(start), at(end), dir, batch, b -> {
            assertThat(b.rows().size()).isLessThanOrEqualTo(batch);
            assertThat(b.featureNames()).isEqualTo(spec.featureViews().get(0).featureNames());
            rows.addAll(b.rows());
        });
        rows.sort(Comparator.comparing(r -> (Long) r.keys().get(0)));
        return rows;
    }

    @Test
    void asOfTakesTheLatestRowInRangePerKeyWithTtlFromEnd() {
        ParquetTables.write(dir.resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 0.1), row(1L, at(50), 0.5), row(1L, at(200), 2.0), // 200 is after end
                        row(2L, at(5), 0.2), // before start
                        row(3L, at(20), 0.3), row(3L, at(60), null), // a null in the newest row is the value
                        row(4L, at(30), 0.4))); // older than end - ttl
        var spec = repo(60, List.of(new AggregationSpec("n", AggregationFunction.COUNT, "rate", 100, "")));
        List<AsOfBatch.Row> rows = asOf(spec, 10, 100, 1);
        assertThat(rows).extracting(r -> r.keys().get(0)).containsExactly(1L, 3L);
        assertThat(rows.get(0).values()).containsExactly(0.5, 2L);
        assertThat(rows.get(0).eventTimestamp()).isEqualTo(at(50));
        assertThat(rows.get(1).values()).containsExactly(null, 1L);
        assertThat(rows.get(1).eventTimestamp()).isEqualTo(at(60));
    }

    @Test
    void asOfOfAnAggregationOnlyViewUsesTheNewestEventTime() {
        ParquetTables.write(dir.resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 1.0), row(1L, at(40), 3.0), row(1L, at(95), 5.0)));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("stats", "stats.parquet", false)),
                List.of(Fixture.view("agg", "stats", List.of("driver"), 0, List.of(),
                        List.of(new AggregationSpec("mean", AggregationFunction.MEAN, "rate", 60, ""),
                                new AggregationSpec("total", AggregationFunction.SUM, "rate", 1000, "")))));
        List<AsOfBatch.Row> rows = asOf(spec, 0, 100, 10);
        assertThat(rows).hasSize(1);
        // mean over (40, 100] leaves out the row at exactly 40
        assertThat(rows.get(0).values()).containsExactly(5.0, 9.0);
        assertThat(rows.get(0).eventTimestamp()).isEqualTo(at(95));
    }

    @Test
    void checkSourcesAcceptsMatchingData() {
        ParquetTables.write(dir.resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 0.1)));
        assertThat(engine().checkSources(repo(0, List.of(new AggregationSpec("s", AggregationFunction.SUM, "rate", 60, ""))), dir))
                .isEmpty();
    }

    @Test
    void checkSourcesReportsEveryMismatchWithPathAndFix() {
        ParquetTables.write(dir.resolve("stats.parquet"), cols("driver_id", STRING, "event_timestamp", INT64, "rate", STRING),
                rows(row("a", 10L, "x")));
        FeatureViewSpec view = Fixture.view("driver_stats", "stats", List.of("driver"), 0,
                List.of(new FeatureSpec("rate", FLOAT64), new FeatureSpec("missing", INT64)),
                List.of(new AggregationSpec("s", AggregationFunction.SUM, "rate", 60, "")));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("stats", "stats.parquet", false),
                Fixture.source("gone", "nowhere.parquet", false)), List.of(view));
        List<SpecError> errors = engine().checkSources(spec, dir);
        assertThat(errors).extracting(SpecError::path).containsExactlyInAnyOrder(
                "sources[stats].timestampField", "featureViews[driver_stats].entities[driver]",
                "featureViews[driver_stats].features[rate].type", "featureViews[driver_stats].features[missing]",
                "featureViews[driver_stats].aggregations[s].column", "sources[gone].path");
        assertThat(errors).allSatisfy(e -> assertThat(e.fix()).isNotBlank());
    }

    // ---- exports without an entity table, against a reference computed here ----

    private ParquetTables.Table exportQuery(RepoSpec spec, Path root, EntityQuery query, long budget, String... refs) {
        List<FeatureRef> features = Arrays.stream(refs).map(r -> FeatureRef.parse(r).orElseThrow()).toList();
        Path out = root.resolve("out-" + System.nanoTime() + ".parquet");
        lastResult = engine().export(new ExportRequest(spec, features, null, null, out, true, root, budget, query),
                ProgressListener.NONE);
        return ParquetTables.read(out);
    }

    @Test
    void entityQueriesAreRefusedClearlyByEnginesWithoutThem() {
        ParquetTables.write(dir.resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 0.1)));
        if (engine().supportsEntityQueries()) {
            var out = exportQuery(driverRepo(0, false), dir, new EntityQuery.AsOf(at(20)), 0, "driver_stats:rate");
            assertThat(out.columns().stream().map(ParquetTables.Column::name))
                    .containsExactly("driver_id", "event_timestamp", "driver_stats__rate");
            assertThat(out.rows()).containsExactly(new Object[]{1L, at(20), 0.1});
        } else {
            assertThatThrownBy(() -> exportQuery(driverRepo(0, false), dir, new EntityQuery.AsOf(at(20)), 0,
                    "driver_stats:rate")).isInstanceOf(OfflineStoreException.class).hasMessageContaining("entity table");
        }
    }

    @Test
    void entityQueryOverViewsWithDifferentKeysIsRefused() {
        if (!engine().supportsEntityQueries()) {
            return;
        }
        EntitySpec customer = new EntitySpec("customer", List.of(new JoinKey("customer_id", STRING)), "");
        ParquetTables.write(dir.resolve("d.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(1), 0.1)));
        ParquetTables.write(dir.resolve("c.parquet"), cols("customer_id", STRING, "event_timestamp", TIMESTAMP, "spend", INT64),
                rows(row("x", at(1), 10L)));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver(), customer),
                List.of(Fixture.source("d", "d.parquet", false), Fixture.source("c", "c.parquet", false)),
                List.of(Fixture.view("drivers", "d", List.of("driver"), 0, List.of(new FeatureSpec("rate", FLOAT64)), List.of()),
                        Fixture.view("customers", "c", List.of("customer"), 0, List.of(new FeatureSpec("spend", INT64)), List.of())));
        assertThatThrownBy(() -> exportQuery(spec, dir, new EntityQuery.AsOf(at(5)), 0, "drivers:rate", "customers:spend"))
                .isInstanceOf(OfflineStoreException.class).hasMessageContaining("different join keys")
                .hasMessageContaining("give an entity table");
    }

    /**
     * Two views of one entity on two sources (a folder with created times, a file with another time column); the
     * three kinds of query on random data, each row checked against the rules of semantics.md computed here.
     */
    @Test
    void entityQueriesAgreeWithNaiveReferenceOnRandomData() throws IOException {
        if (!engine().supportsEntityQueries()) {
            return;
        }
        int compared = 0;
        for (int seed = 0; seed < Math.max(3, randomCases() / 4); seed++) {
            compared += runQueryCase(seed);
        }
        assertThat(compared).as("rows compared").isGreaterThan(100);
    }

    private int runQueryCase(int seed) throws IOException {
        Random rnd = new Random(1000 + seed);
        Path root = Files.createDirectory(dir.resolve("query" + seed));
        long ttl = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(40);
        long w = 1 + rnd.nextInt(50);
        List<SourceSpec> sources = List.of(new SourceSpec("s1", "s1", "event_timestamp", "created"),
                new SourceSpec("s2", "s2.parquet", "ts", null));
        FeatureViewSpec v1 = new FeatureViewSpec("v1", List.of("driver"), "s1", ttl, true,
                List.of(new FeatureSpec("a", FLOAT64)),
                List.of(new AggregationSpec("a_sum", AggregationFunction.SUM, "a", w, "")), "", null, "");
        FeatureViewSpec v2 = new FeatureViewSpec("v2", List.of("driver"), "s2", 0, true,
                List.of(new FeatureSpec("b", INT64)), List.of(), "", null, "");
        RepoSpec spec = new RepoSpec("t", List.of(Fixture.driver()), sources, List.of(v1, v2), List.of());
        Files.createDirectory(root.resolve("s1"));
        List<SourceRow> s1 = new ArrayList<>();
        for (String file : List.of("part-0.parquet", "part-1.parquet")) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = rnd.nextInt(25); i > 0; i--) {
                Object[] r = {maybe(rnd, (long) rnd.nextInt(8)), maybe(rnd, at(rnd.nextInt(100))),
                        maybe(rnd, at(rnd.nextInt(3))), maybe(rnd, (double) rnd.nextInt(10))};
                rows.add(r);
                s1.add(new SourceRow(new Object[]{r[0]}, (Instant) r[1], (Instant) r[2], new Object[]{r[3]}, s1.size()));
            }
            ParquetTables.write(root.resolve("s1").resolve(file),
                    cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "created", TIMESTAMP, "a", FLOAT64), rows);
        }
        List<SourceRow> s2 = new ArrayList<>();
        List<Object[]> rows2 = new ArrayList<>();
        for (int i = rnd.nextInt(25); i > 0; i--) {
            Object[] r = {maybe(rnd, (long) rnd.nextInt(8)), maybe(rnd, at(rnd.nextInt(100))), maybe(rnd, (long) rnd.nextInt(50))};
            rows2.add(r);
            s2.add(new SourceRow(new Object[]{r[0]}, (Instant) r[1], null, new Object[]{r[2]}, s2.size()));
        }
        ParquetTables.write(root.resolve("s2.parquet"), cols("driver_id", INT64, "ts", TIMESTAMP, "b", INT64), rows2);

        // the reference: first event time per key, and the distinct events, over both sources
        java.util.TreeMap<Long, Instant> firstSeen = new java.util.TreeMap<>();
        java.util.TreeSet<Object[]> events = new java.util.TreeSet<>(Comparator.<Object[], Instant>comparing(e -> (Instant) e[1])
                .thenComparing(e -> (Long) e[0]));
        for (SourceRow r : s1.size() + s2.size() > 0 ? concat(s1, s2) : List.<SourceRow>of()) {
            if (r.keys()[0] != null && r.ts() != null) {
                firstSeen.merge((Long) r.keys()[0], r.ts(), (x, y) -> x.isBefore(y) ? x : y);
                events.add(new Object[]{r.keys()[0], r.ts()});
            }
        }
        Instant start = at(rnd.nextInt(60));
        Instant end = start.plusSeconds(rnd.nextInt(60));
        long every = 1 + rnd.nextInt(20);
        List<Object[]> asOfRows = new ArrayList<>();
        Instant asOf = at(rnd.nextInt(110));
        firstSeen.forEach((k, t) -> {
            if (!t.isAfter(asOf)) {
                asOfRows.add(new Object[]{k, asOf});
            }
        });
        List<Object[]> eventRows = new ArrayList<>();
        for (Object[] e : events) {
            if (!((Instant) e[1]).isBefore(start) && !((Instant) e[1]).isAfter(end)) {
                eventRows.add(e);
            }
        }
        List<Object[]> stepRows = new ArrayList<>();
        for (Instant step = start; !step.isAfter(end); step = step.plusSeconds(every)) {
            Instant s = step;
            firstSeen.forEach((k, t) -> {
                if (!t.isAfter(s)) {
                    stepRows.add(new Object[]{k, s});
                }
            });
        }
        long budget = rnd.nextBoolean() ? 0 : 800 + rnd.nextInt(2500);
        int compared = 0;
        compared += compareQuery(spec, root, new EntityQuery.AsOf(asOf), budget, asOfRows, s1, s2, ttl, w, seed);
        compared += compareQuery(spec, root, EntityQuery.Range.events(start, end), budget, eventRows, s1, s2, ttl, w, seed);
        compared += compareQuery(spec, root, new EntityQuery.Range(start, end, java.time.Duration.ofSeconds(every)),
                budget, stepRows, s1, s2, ttl, w, seed);
        return compared;
    }

    private static List<SourceRow> concat(List<SourceRow> a, List<SourceRow> b) {
        List<SourceRow> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private int compareQuery(RepoSpec spec, Path root, EntityQuery query, long budget, List<Object[]> expectedRows,
                             List<SourceRow> s1, List<SourceRow> s2, long ttl, long w, int seed) {
        var out = exportQuery(spec, root, query, budget, "v1:a", "v1:a_sum", "v2:b");
        String at = "seed " + seed + " " + query.describe();
        assertThat(out.columns().stream().map(ParquetTables.Column::name)).as(at)
                .containsExactly("driver_id", "event_timestamp", "v1__a", "v1__a_sum", "v2__b");
        assertThat(out.rows()).as(at + " rows").hasSize(expectedRows.size());
        for (int r = 0; r < expectedRows.size(); r++) {
            Object[] e = expectedRows.get(r);
            Object[] got = out.rows().get(r);
            String where = at + " row " + r;
            assertThat(got[0]).as(where + " key").isEqualTo(e[0]);
            assertThat(got[1]).as(where + " time").isEqualTo(e[1]);
            Object[] keys = {e[0]};
            Instant t = (Instant) e[1];
            SourceRow p1 = pointInTime(s1, keys, t, ttl);
            check(where + " v1:a", got[2], p1 == null ? null : p1.values()[0]);
            check(where + " v1:a_sum", got[3], aggregate(s1, keys, t, w, 0, AggregationFunction.SUM));
            SourceRow p2 = pointInTime(s2, keys, t, 0);
            check(where + " v2:b", got[4], p2 == null ? null : p2.values()[0]);
        }
        assertThat(lastResult.rowCount()).as(at + " row count").isEqualTo(expectedRows.size());
        return expectedRows.size();
    }

    // ---- the engine against a naive reference on random data ----
    // Three views keyed by an integer, a string and a composite key, ties in event and created time, nulls
    // everywhere, several files, and budgets small enough to force the in-process engine's spill path.

    private int spilled;

    /** A source row as the reference sees it; {@code order} is its position in file order. */
    private record SourceRow(Object[] keys, Instant ts, Instant created, Object[] values, int order) {
    }

    @Test
    void engineAgreesWithNaiveReferenceOnRandomDataIncludingSpill() throws IOException {
        for (int seed = 0; seed < randomCases(); seed++) {
            runCase(seed);
        }
        assertThat(spilled).as("cases that took the spill path").isGreaterThanOrEqualTo(minimumSpilledCases());
    }

    private void runCase(int seed) throws IOException {
        Random rnd = new Random(seed);
        Path root = Files.createDirectory(dir.resolve("case" + seed));
        long ttl1 = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(40);
        long ttl2 = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(40);
        long w1 = 1 + rnd.nextInt(50);
        long w2 = 1 + rnd.nextInt(50);
        List<EntitySpec> entities = List.of(
                new EntitySpec("driver", List.of(new JoinKey("driver_id", INT64)), ""),
                new EntitySpec("customer", List.of(new JoinKey("customer_id", STRING)), ""),
                new EntitySpec("zone", List.of(new JoinKey("zone", INT32)), ""));
        List<SourceSpec> sources = List.of(new SourceSpec("s1", "s1", "event_timestamp", "created"),
                new SourceSpec("s2", "s2.parquet", "ts", null), new SourceSpec("s3", "s3.parquet", "event_timestamp", null));
        FeatureViewSpec v1 = new FeatureViewSpec("v1", List.of("driver"), "s1", ttl1, true,
                List.of(new FeatureSpec("a", FLOAT64), new FeatureSpec("b", INT64)),
                List.of(new AggregationSpec("b_sum", AggregationFunction.SUM, "b", w1, ""),
                        new AggregationSpec("a_count", AggregationFunction.COUNT, "a", w2, ""),
                        new AggregationSpec("a_mean", AggregationFunction.MEAN, "a", w2, ""),
                        new AggregationSpec("b_min", AggregationFunction.MIN, "b", w1, ""),
                        new AggregationSpec("a_max", AggregationFunction.MAX, "a", w1, "")),
                "", null, "");
        FeatureViewSpec v2 = new FeatureViewSpec("v2", List.of("customer"), "s2", ttl2, true,
                List.of(new FeatureSpec("a", STRING, "label", "")), List.of(), "", null, "");
        FeatureViewSpec v3 = new FeatureViewSpec("v3", List.of("driver", "zone"), "s3", 0, true,
                List.of(new FeatureSpec("a", FLOAT64)),
                List.of(new AggregationSpec("n", AggregationFunction.COUNT, "a", w1, "")), "", null, "");
        RepoSpec spec = new RepoSpec("t", entities, sources, List.of(v1, v2, v3), List.of());

        // v1 in two files of a folder, file order = file name order then row order
        Files.createDirectory(root.resolve("s1"));
        List<SourceRow> s1 = new ArrayList<>();
        var s1Cols = cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "created", TIMESTAMP, "a", FLOAT64, "b", INT64);
        for (String file : List.of("part-0.parquet", "part-1.parquet")) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = rnd.nextInt(30); i > 0; i--) {
                Object[] r = {maybe(rnd, (long) rnd.nextInt(6)), maybe(rnd, at(rnd.nextInt(100))),
                        maybe(rnd, at(rnd.nextInt(3))), maybe(rnd, (double) rnd.nextInt(10)), maybe(rnd, (long) rnd.nextInt(10) - 3)};
                rows.add(r);
                s1.add(new SourceRow(new Object[]{r[0]}, (Instant) r[1], (Instant) r[2], new Object[]{r[3], r[4]}, s1.size()));
            }
            ParquetTables.write(root.resolve("s1").resolve(file), s1Cols, rows);
        }
        List<SourceRow> s2 = new ArrayList<>();
        List<Object[]> rows2 = new ArrayList<>();
        for (int i = rnd.nextInt(30); i > 0; i--) {
            Object[] r = {maybe(rnd, "c" + rnd.nextInt(5)), maybe(rnd, at(rnd.nextInt(100))), maybe(rnd, "l" + rnd.nextInt(100))};
            rows2.add(r);
            s2.add(new SourceRow(new Object[]{r[0]}, (Instant) r[1], null, new Object[]{r[2]}, s2.size()));
        }
        ParquetTables.write(root.resolve("s2.parquet"), cols("customer_id", STRING, "ts", TIMESTAMP, "label", STRING), rows2);
        List<SourceRow> s3 = new ArrayList<>();
        List<Object[]> rows3 = new ArrayList<>();
        for (int i = rnd.nextInt(30); i > 0; i--) {
            Object[] r = {maybe(rnd, (long) rnd.nextInt(4)), maybe(rnd, rnd.nextInt(3)), maybe(rnd, at(rnd.nextInt(100))),
                    maybe(rnd, rnd.nextDouble())};
            rows3.add(r);
            s3.add(new SourceRow(new Object[]{r[0], r[1]}, (Instant) r[2], null, new Object[]{r[3]}, s3.size()));
        }
        ParquetTables.write(root.resolve("s3.parquet"),
                cols("driver_id", INT64, "zone", INT32, "event_timestamp", TIMESTAMP, "a", FLOAT64), rows3);

        List<Object[]> entityRows = new ArrayList<>();
        for (int i = 1 + rnd.nextInt(30); i > 0; i--) {
            entityRows.add(new Object[]{maybe(rnd, (long) rnd.nextInt(7)), maybe(rnd, "c" + rnd.nextInt(6)),
                    maybe(rnd, rnd.nextInt(3)), maybe(rnd, at(rnd.nextInt(110)))});
        }
        Path entityFile = root.resolve("entities.parquet");
        ParquetTables.write(entityFile, cols("driver_id", INT64, "customer_id", STRING, "zone", INT32,
                "event_timestamp", TIMESTAMP), entityRows);

        // a tiny budget splits the sources into a few spill partitions
        long budget = rnd.nextBoolean() ? 0 : 800 + rnd.nextInt(2500);
        var out = export(spec, root, entityFile, budget, true, "v1:a", "v1:b", "v1:b_sum", "v1:a_count",
                "v1:a_mean", "v1:b_min", "v1:a_max", "v2:a", "v3:a", "v3:n");

        assertThat(out.rows()).as("seed %d rows", seed).hasSize(entityRows.size());
        if (lastResult.partitions() > 1) {
            spilled++;
        }
        for (int r = 0; r < entityRows.size(); r++) {
            Object[] e = entityRows.get(r);
            Object[] got = out.rows().get(r);
            String at = "seed " + seed + " budget " + budget + " row " + r;
            for (int c = 0; c < 4; c++) {
                assertThat(got[c]).as(at + " input column " + c).isEqualTo(e[c]);
            }
            Instant t = (Instant) e[3];
            Object[] k1 = {e[0]};
            SourceRow p1 = pointInTime(s1, k1, t, ttl1);
            check(at + " v1:a", got[4], p1 == null ? null : p1.values()[0]);
            check(at + " v1:b", got[5], p1 == null ? null : p1.values()[1]);
            check(at + " v1:b_sum", got[6], aggregate(s1, k1, t, w1, 1, AggregationFunction.SUM));
            check(at + " v1:a_count", got[7], aggregate(s1, k1, t, w2, 0, AggregationFunction.COUNT));
            check(at + " v1:a_mean", got[8], aggregate(s1, k1, t, w2, 0, AggregationFunction.MEAN));
            check(at + " v1:b_min", got[9], aggregate(s1, k1, t, w1, 1, AggregationFunction.MIN));
            check(at + " v1:a_max", got[10], aggregate(s1, k1, t, w1, 0, AggregationFunction.MAX));
            SourceRow p2 = pointInTime(s2, new Object[]{e[1]}, t, ttl2);
            check(at + " v2:a", got[11], p2 == null ? null : p2.values()[0]);
            Object[] k3 = {e[0], e[2]};
            SourceRow p3 = pointInTime(s3, k3, t, 0);
            check(at + " v3:a", got[12], p3 == null ? null : p3.values()[0]);
            check(at + " v3:n", got[13], aggregate(s3, k3, t, w1, 0, AggregationFunction.COUNT));
        }
    }

    private static <T> T maybe(Random rnd, T value) {
        return rnd.nextInt(8) == 0 ? null : value;
    }

    private static boolean sameKeys(Object[] keys, Object[] wanted) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == null || wanted[i] == null || !Objects.equals(keys[i], wanted[i])) {
                return false;
            }
        }
        return true;
    }

    private static SourceRow pointInTime(List<SourceRow> rows, Object[] keys, Instant t, long ttl) {
        if (t == null) {
            return null;
        }
        SourceRow best = null;
        for (SourceRow row : rows) {
            if (!sameKeys(row.keys(), keys) || row.ts() == null || row.ts().isAfter(t)) {
                continue;
            }
            if (ttl > 0 && row.ts().isBefore(t.minusSeconds(ttl))) {
                continue;
            }
            if (best == null || newer(row, best)) {
                best = row;
            }
        }
        return best;
    }

    private static boolean newer(SourceRow a, SourceRow b) {
        int byTime = a.ts().compareTo(b.ts());
        if (byTime != 0) {
            return byTime > 0;
        }
        Instant ca = a.created() == null ? Instant.MIN : a.created();
        Instant cb = b.created() == null ? Instant.MIN : b.created();
        int byCreated = ca.compareTo(cb);
        if (byCreated != 0) {
            return byCreated > 0;
        }
        return a.order() > b.order();
    }

    private static Object aggregate(List<SourceRow> rows, Object[] keys, Instant t, long window, int value,
                                    AggregationFunction f) {
        if (t == null || keys[0] == null || (keys.length > 1 && keys[1] == null)) {
            return null;
        }
        List<Number> values = new ArrayList<>();
        for (SourceRow row : rows) {
            if (sameKeys(row.keys(), keys) && row.ts() != null && row.ts().isAfter(t.minusSeconds(window))
                    && !row.ts().isAfter(t) && row.values()[value] != null) {
                values.add((Number) row.values()[value]);
            }
        }
        if (f == AggregationFunction.COUNT) {
            return (long) values.size();
        }
        if (values.isEmpty()) {
            return null;
        }
        boolean integral = values.get(0) instanceof Long;
        return switch (f) {
            case SUM -> integral ? (Object) values.stream().mapToLong(Number::longValue).sum()
                    : (Object) values.stream().mapToDouble(Number::doubleValue).sum();
            case MEAN -> values.stream().mapToDouble(Number::doubleValue).average().orElseThrow();
            case MIN -> integral ? (Object) values.stream().mapToLong(Number::longValue).min().orElseThrow()
                    : (Object) values.stream().mapToDouble(Number::doubleValue).min().orElseThrow();
            default -> integral ? (Object) values.stream().mapToLong(Number::longValue).max().orElseThrow()
                    : (Object) values.stream().mapToDouble(Number::doubleValue).max().orElseThrow();
        };
    }

    private static void check(String what, Object got, Object expected) {
        if (expected instanceof Double d && got instanceof Double g) {
            assertThat(g).as(what).isCloseTo(d, within(1e-9));
        } else {
            assertThat(got).as(what).isEqualTo(expected);
        }
    }
}
