package dev.granary.offline.spark;

import static java.util.Objects.requireNonNull;

import dev.granary.offline.AsOfArguments;
import dev.granary.offline.AsOfBatch;
import dev.granary.offline.ExportRequest;
import dev.granary.offline.ExportResult;
import dev.granary.offline.OfflineEngine;
import dev.granary.offline.OfflineStoreException;
import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.offline.ProgressListener;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.SpecError;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * {@link OfflineEngine} on Apache Spark: the same answers as the in-process {@link ParquetOfflineEngine}, computed
 * by a Spark cluster (or {@code local[*]}) from sources on any Hadoop file system ({@code s3a://}, {@code hdfs://},
 * local paths). The export is a partitioned sort-merge point-in-time join ({@link PointInTimePlan}); the as-of
 * read of materialization is one aggregation by key ({@link SparkAsOf}).
 *
 * <p>Spark's defaults that would change answers are fixed on the session: the time zone is UTC (naive timestamps
 * read as UTC), column names are case-sensitive, timestamps are written as microseconds, nanosecond Parquet
 * timestamps are read (as longs, truncated to microseconds). The entity table and the output are paths the driver
 * and the executors share (one machine, or a shared mount). Thread-safe: exports run in their own Spark job groups.
 */
public final class SparkOfflineEngine implements OfflineEngine {
    /** Session properties the engine's semantics rely on; they win over any configured value. */
    static final Map<String, String> REQUIRED = Map.of(
            "spark.sql.session.timeZone", "UTC",
            "spark.sql.datetime.java8API.enabled", "true",
            "spark.sql.caseSensitive", "true",
            "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS",
            "spark.sql.legacy.parquet.nanosAsLong", "true");
    /**
     * Defaults a configuration may change: no web UI for an engine started inside a command. Log levels are the
     * host's (Spark logs through SLF4J); {@code spark.log.level} needs log4j as the SLF4J binding.
     */
    static final Map<String, String> DEFAULTS = Map.of("spark.ui.enabled", "false");

    private final SparkSession spark;
    private final StageProgress stages = new StageProgress();
    private final ParquetOfflineEngine localChecks = new ParquetOfflineEngine(1);

    /** An engine on an existing session (its properties of {@link #REQUIRED} are set). */
    public SparkOfflineEngine(SparkSession spark) {
        this.spark = requireNonNull(spark, "spark is null");
        REQUIRED.forEach((k, v) -> spark.conf().set(k, v));
        spark.sparkContext().addSparkListener(stages);
    }

    /** Starts (or joins, within one JVM) a Spark session on {@code settings.master()}. */
    public static SparkOfflineEngine start(SparkSettings settings) {
        SparkSession.Builder builder = SparkSession.builder().appName("granary").master(settings.master());
        DEFAULTS.forEach(builder::config);
        if (settings.master().startsWith("local")) {
            // Spark's 200 shuffle partitions suit a cluster; on one machine each would be a task of a few rows
            builder.config("spark.sql.shuffle.partitions", Integer.toString(2 * Runtime.getRuntime().availableProcessors()));
            // a session inside this process has no executors elsewhere to reach it, so its driver and block manager
            // listen on loopback only; by default they would take the first routable address of the machine
            builder.config("spark.driver.bindAddress", "127.0.0.1");
            builder.config("spark.driver.host", "127.0.0.1");
        }
        settings.conf().forEach(builder::config);
        if (!settings.master().startsWith("local")) {
            // the executors run the export's merge walk (PointInTimeMerge): they load it from the engine's jar
            String jars = settings.conf().get("spark.jars");
            String own = ExecutorJar.path();
            builder.config("spark.jars", jars == null || jars.isBlank() ? own : jars + "," + own);
        }
        REQUIRED.forEach(builder::config);
        return new SparkOfflineEngine(builder.getOrCreate());
    }

    public SparkSession session() {
        return spark;
    }

    @Override
    public ExportResult export(ExportRequest request, ProgressListener progress) {
        requireNonNull(request, "request is null");
        if (request.entityQuery() != null) {
            throw new OfflineStoreException("the spark offline engine needs an entity table: an export without one ("
                    + request.entityQuery().describe() + ") selects its entity rows from local Parquet files, which"
                    + " Spark's sources (s3a://, hdfs://) need not be; give an entity table, or use the in-process"
                    + " engine (offline.engine: parquet)");
        }
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        String group = "granary-export-" + UUID.randomUUID();
        spark.sparkContext().setJobGroup(group, "granary export to " + request.output(), true);
        stages.watch(group, listener);
        try {
            return new SparkExport(spark, request, listener).run();
        } finally {
            stages.forget(group);
            spark.sparkContext().clearJobGroup();
        }
    }

    @Override
    public boolean supportsEntityQueries() {
        return false;
    }

    @Override
    public void asOf(RepoSpec spec, FeatureViewSpec view, Instant start, Instant end, Path offlineRoot, int batchSize,
                     Consumer<AsOfBatch> sink) {
        AsOfArguments.requireValid(spec, view, start, end, batchSize, sink);
        SparkAsOf.read(new SourceFrames(spark), spec, view, start, end, offlineRoot == null ? Path.of(".") : offlineRoot,
                batchSize, sink);
    }

    /**
     * Sources on the local file system get every check of the in-process engine (it reads only Parquet footers);
     * a source on another file system is checked for existence and Parquet files, not yet for its columns.
     */
    @Override
    public List<SpecError> checkSources(RepoSpec spec, Path offlineRoot) {
        requireNonNull(spec, "spec is null");
        Path root = offlineRoot == null ? Path.of(".") : offlineRoot;
        List<SourceSpec> local = spec.sources().stream().filter(s -> !SourceFrames.remote(s.path())).toList();
        List<SpecError> errors = new ArrayList<>(localChecks.checkSources(
                new RepoSpec(spec.project(), spec.entities(), local, spec.featureViews().stream()
                        .filter(v -> local.stream().anyMatch(s -> s.name().equals(v.source()))).toList(),
                        List.of()), root));
        SourceFrames frames = new SourceFrames(spark);
        for (SourceSpec source : spec.sources()) {
            if (SourceFrames.remote(source.path())) {
                try {
                    frames.files(source, root);
                } catch (RuntimeException e) {
                    errors.add(new SpecError("sources[" + source.name() + "].path", e.getMessage(),
                            "fix the path or the file system's settings under offline.spark.conf (spark.hadoop.*)"));
                }
            }
        }
        return List.copyOf(errors);
    }
}
