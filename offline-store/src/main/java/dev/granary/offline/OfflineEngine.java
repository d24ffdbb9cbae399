package dev.granary.offline;

import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SpecError;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The offline store: point-in-time joins over Parquet sources, with the semantics of {@code semantics.md}.
 * Implementations: {@link ParquetOfflineEngine} (in process, the default) and the Spark engine of module
 * {@code offline-spark}, chosen by {@link OfflineEngines}. Thread-safe; every method may be called concurrently.
 *
 * <p>Source paths of a {@code SourceSpec} are a Parquet file or a folder of {@code .parquet} files (read in
 * lexical path order, which is the file order of the tiebreak); a relative path resolves against
 * {@code offlineRoot}. Timestamps of any Parquet unit (and INT96) are instants; a naive timestamp is read as UTC.
 * A null created timestamp sorts before every non-null one. Source rows with a null event timestamp are ignored.
 */
public interface OfflineEngine {

    /**
     * Writes a training set: every row and column of the entity table in input order, then one column per
     * requested feature ({@code feature}, or {@code view__feature} when {@code fullFeatureNames}) holding its
     * point-in-time value (plain features) or window aggregate (aggregations) at the row's timestamp. A row with a
     * null key or a null timestamp gets nulls for every feature (also for {@code COUNT}). Duplicate entity rows
     * are kept. Memory stays within the request's budget plus the entity table's keys,
     * timestamps and result columns: larger sources are partitioned by key and spilled to temporary files.
     *
     * <p>With an {@link ExportRequest#entityQuery() entity query} instead of an entity table, the entity rows are
     * those the query selects from the requested views' sources (see {@link EntityQuery}): the output has one
     * column per join key, the timestamp column, then the features, with the same point-in-time rules. Every
     * requested view must have the same join keys. Engines that cannot select entity rows refuse such a request
     * with an {@link OfflineStoreException} saying so ({@link #supportsEntityQueries()}).
     *
     * @throws OfflineStoreException if a feature or view is unknown, two features would get the same column name
     *                               (use full feature names), a column is missing from the entity table or a
     *                               source, or a file cannot be read or written, or the views of an entity
     *                               query have different join keys; the output is then not written (a previous
     *                               file at the output path is left unchanged)
     */
    ExportResult export(ExportRequest request, ProgressListener progress);

    /**
     * Computes the training set {@link #export} would write and hands it to {@code sink} in batches as it is
     * computed, without writing a file ({@code request.output()} is not used and may be null). The entity table's
     * columns must be scalar (their types are given to the sink); otherwise the rules are those of {@code export}.
     * Engines that cannot stream refuse with an {@link OfflineStoreException} saying so.
     *
     * @return the result as {@code export} gives it, with a null output
     * @throws RuntimeException whatever the sink threw, after the export stopped
     */
    default ExportResult stream(ExportRequest request, ProgressListener progress, TrainingSetSink sink) {
        throw new OfflineStoreException(getClass().getSimpleName() + " cannot stream a training set; export it to a"
                + " file, or use the in-process engine (offline.engine: parquet)");
    }

    /** Whether {@link #export} accepts an entity query instead of an entity table. */
    default boolean supportsEntityQueries() {
        return true;
    }

    /**
     * Streams, per distinct entity key of {@code view}, the point-in-time row as of {@code end} using only source
     * rows with {@code start <= event_ts <= end} (TTL measured from {@code end}), with the window aggregations as
     * of {@code end}. A key is emitted when it has a qualifying plain row, or, for a view without plain features,
     * at least one row in the range. {@link AsOfBatch.Row#eventTimestamp()} is the chosen row's event time, or for a
     * view without plain features the newest event time of the key in the range. Batches hold at most
     * {@code batchSize} rows, in no particular key order. The view's range of the source is held in memory when it
     * fits a quarter of the heap; a larger range is read in several passes, each holding one hash partition of the keys.
     *
     * @throws OfflineStoreException if the view's source cannot be read or lacks a column
     * @throws IllegalArgumentException if {@code start} is after {@code end} or {@code batchSize < 1}
     */
    void asOf(RepoSpec spec, FeatureViewSpec view, Instant start, Instant end, Path offlineRoot, int batchSize,
              Consumer<AsOfBatch> sink);

    /**
     * Checks every source of {@code spec} against its data (for {@code plan}/{@code apply}): the path exists (a
     * file, or a folder with {@code .parquet} files), its timestamp columns exist and are timestamps, each plain
     * feature's column exists with a type compatible with the declared one (same type, or INT32 into INT64,
     * INT32/FLOAT32 into FLOAT64), each aggregation's column exists and fits its function, and each view's join-key
     * columns exist with compatible types. The schema is taken from the first file in lexical order.
     *
     * @return every problem found, each with a path such as {@code sources[driver_hourly].path} and a fix; empty
     *         when the data fits the spec. Never throws for bad data.
     */
    List<SpecError> checkSources(RepoSpec spec, Path offlineRoot);
}
