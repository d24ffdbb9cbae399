package dev.granary.offline;

import static dev.granary.offline.Fixture.cols;
import static dev.granary.offline.Fixture.rows;
import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.TIMESTAMP;

import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.RepoSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** What every part of the offline contract needs: the engine, a scratch folder, and exports through it. */
interface OfflineEngineUnderTest {
    /** The engine under test; may be shared between tests (engines are thread-safe). */
    OfflineEngine engine();

    /** A scratch folder of the running test, empty at its start. */
    Path dir();

    /** How many random cases the reference tests run. */
    default int randomCases() {
        return 200;
    }

    /** How many random cases must have split a view into several partitions (engines that spill say so). */
    default int minimumSpilledCases() {
        return 0;
    }

    /** An export's written table and the engine's account of it. */
    record Exported(ParquetTables.Table table, ExportResult result) {
    }

    /** Exports {@code refs} for the rows of the entity table {@code entities}, or of {@code query} when it is null. */
    default Exported run(RepoSpec spec, Path root, Path entities, EntityQuery query, long budget, boolean full,
                         String... refs) {
        List<FeatureRef> features = Arrays.stream(refs).map(r -> FeatureRef.parse(r).orElseThrow()).toList();
        Path out = root.resolve("out-" + System.nanoTime() + ".parquet");
        ExportRequest request = query == null
                ? new ExportRequest(spec, features, entities, null, out, full, root, budget)
                : new ExportRequest(spec, features, null, null, out, full, root, budget, query);
        ExportResult result = engine().export(request, ProgressListener.NONE);
        return new Exported(ParquetTables.read(out), result);
    }

    default ParquetTables.Table export(RepoSpec spec, Path root, Path entities, long budget, boolean full,
                                       String... refs) {
        return run(spec, root, entities, null, budget, full, refs).table();
    }

    default ParquetTables.Table exportQuery(RepoSpec spec, Path root, EntityQuery query, long budget, String... refs) {
        return run(spec, root, null, query, budget, true, refs).table();
    }

    /** One view {@code driver_stats} of FLOAT64 {@code rate} over {@code stats.parquet}. */
    default RepoSpec driverRepo(long ttl, boolean created) {
        return Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("stats", "stats.parquet", created)),
                List.of(Fixture.view("driver_stats", "stats", List.of("driver"), ttl,
                        List.of(new FeatureSpec("rate", FLOAT64)), List.of())));
    }

    /** {@link #driverRepo} with aggregations of its own. */
    default RepoSpec repo(long ttl, List<AggregationSpec> aggs) {
        return Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("stats", "stats.parquet", false)),
                List.of(Fixture.view("driver_stats", "stats", List.of("driver"), ttl,
                        List.of(new FeatureSpec("rate", FLOAT64)), aggs)));
    }

    /** An entity table of (driver_id, event_timestamp) rows in the scratch folder. */
    default Path entities(Object[]... rows) {
        Path file = dir().resolve("entities.parquet");
        ParquetTables.write(file, cols("driver_id", INT64, "event_timestamp", TIMESTAMP), rows(rows));
        return file;
    }
}
