package dev.granary.offline.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import dev.granary.offline.ExportRequest;
import dev.granary.offline.ExportResult;
import dev.granary.offline.InputFingerprint;
import dev.granary.offline.OfflineStoreException;
import dev.granary.offline.ProgressListener;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * One export on Spark: the entity rows, tagged with their row index, pass through one {@link PointInTimePlan} join
 * per group of views with the same join keys, each adding its outputs to the rows it carries; the result is sorted by that index into one Parquet file
 * written next to the output and moved over it at the end (a failed export leaves a previous output intact).
 */
final class SparkExport {
    /**
     * Up to this many entity rows, source rows may be semi-joined to the entity table's keys before the shuffle: the
     * distinct keys (at most this many) are broadcast to every executor, which a larger table would make too big.
     */
    static final long SEMI_JOIN_ENTITY_ROWS = 5_000_000L;
    /**
     * The semi-join runs only for groups whose source files are at least this many times the entity table's bytes:
     * collecting, broadcasting and probing the keys costs about as much as sorting the source rows it drops when
     * the sources are a few times the entity table (1M entity rows against 10M source rows), and far less when the
     * sources dwarf it.
     */
    static final long SEMI_JOIN_SOURCE_FACTOR = 20;

    private final SparkSession spark;
    private final ExportRequest request;
    private final ProgressListener progress;
    private final SourceFrames frames;

    SparkExport(SparkSession spark, ExportRequest request, ProgressListener progress) {
        this.spark = spark;
        this.request = request;
        this.progress = progress;
        this.frames = new SourceFrames(spark);
    }

    ExportResult run() {
        long started = System.nanoTime();
        Path entityFile = request.entityTable().toAbsolutePath();
        if (!Files.isRegularFile(entityFile)) {
            throw new OfflineStoreException("entity table " + entityFile + " does not exist; give a Parquet file");
        }
        progress.progress("read-entities", 0, -1);
        Dataset<Row> entity = spark.read().parquet(entityFile.toUri().toString());
        List<String> inputColumns = List.of(entity.columns());
        Map<String, List<PointInTimePlan.Output>> byView = outputs(inputColumns);
        List<PointInTimePlan> plans = new ArrayList<>();
        byView.forEach((view, outputs) -> plans.add(new PointInTimePlan(request.spec(),
                request.spec().featureView(view).orElseThrow(), outputs, request.offlineRoot(), frames)));

        Column time = frames.micros(entity, request.timestampColumn(), entityFile.toUri().toString(),
                "the entity table " + entityFile + " (its timestamp column; name another with --timestamp-column)");
        EntityTableStats stats = EntityTableStats.fromFooter(entityFile, request.timestampColumn())
                .orElseGet(() -> scan(entity, time));
        Long lo = stats.minMicros();
        Long hi = stats.maxMicros();
        boolean semiJoinable = stats.rows() <= SEMI_JOIN_ENTITY_ROWS;
        long entityBytes = size(entityFile);
        progress.progress("read-entities", 1, 1);

        List<Column> entityColumns = new ArrayList<>();
        inputColumns.forEach(c -> entityColumns.add(SourceFrames.ref(c)));
        Dataset<Row> carried = entity.select(col("_metadata.row_index").as(PointInTimePlan.ENTITY_ROW),
                time.as(PointInTimePlan.TIME), struct(entityColumns.toArray(Column[]::new)).as(PointInTimePlan.CARRY));
        // views with the same join keys share one shuffle and sort
        Map<List<JoinKey>, List<PointInTimePlan>> groups = new LinkedHashMap<>();
        plans.forEach(plan -> groups.computeIfAbsent(plan.keys, k -> new ArrayList<>()).add(plan));
        for (List<PointInTimePlan> group : groups.values()) {
            boolean semiJoin = semiJoinable && sourceBytes(group) >= SEMI_JOIN_SOURCE_FACTOR * entityBytes;
            carried = PointInTimePlan.join(group, carried, entity, lo, hi, semiJoin, frames);
        }
        Column carry = col(PointInTimePlan.CARRY);
        List<Column> columns = new ArrayList<>();
        inputColumns.forEach(c -> columns.add(carry.getField(c).as(c)));
        List<String> featureColumns = new ArrayList<>();
        for (FeatureRef ref : request.features()) {
            String column = request.outputColumn(ref);
            columns.add(carry.getField(column).as(column));
            featureColumns.add(column);
        }
        Dataset<Row> ordered = carried.repartition(1).sortWithinPartitions(PointInTimePlan.ENTITY_ROW)
                .select(columns.toArray(Column[]::new));
        long rows = write(ordered);
        progress.progress("write", rows, rows);
        return new ExportResult(rows, request.output(), request.features(), featureColumns,
                fingerprint(entityFile, plans), Duration.ofNanos(System.nanoTime() - started),
                Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions")));
    }

    /** The entity table's figures from its rows: one Spark job over the table. */
    private static EntityTableStats scan(Dataset<Row> entity, Column time) {
        Row row = entity.agg(min(time), max(time), count(lit(1))).first();
        return new EntityTableStats(row.getLong(2), row.isNullAt(0) ? null : row.getLong(0),
                row.isNullAt(1) ? null : row.getLong(1));
    }

    /** The requested outputs per view, in request order; checks every name as the in-process engine does. */
    private Map<String, List<PointInTimePlan.Output>> outputs(List<String> inputColumns) {
        Map<String, List<PointInTimePlan.Output>> byView = new LinkedHashMap<>();
        Set<String> names = new HashSet<>(inputColumns);
        for (FeatureRef ref : request.features()) {
            FeatureViewSpec view = request.viewOf(ref);
            String column = request.claimOutputColumn(ref, names);
            byView.computeIfAbsent(ref.view(), v -> new ArrayList<>()).add(new PointInTimePlan.Output(ref.feature(),
                    column, view.feature(ref.feature()).orElse(null), view.aggregation(ref.feature()).orElse(null)));
        }
        return byView;
    }

    /** Writes one Parquet file at the output path; returns its row count. */
    private long write(Dataset<Row> ordered) {
        Path output = request.output().toAbsolutePath();
        Path tmp = output.resolveSibling("." + output.getFileName() + ".spark-" + System.nanoTime());
        try {
            Files.createDirectories(output.getParent());
            ordered.write().mode(SaveMode.Overwrite).parquet(tmp.toUri().toString());
            List<Path> parts;
            try (Stream<Path> files = Files.list(tmp)) {
                parts = files.filter(f -> f.getFileName().toString().startsWith("part-")
                        && f.getFileName().toString().endsWith(".parquet")).toList();
            }
            if (parts.size() != 1) {
                throw new OfflineStoreException("Spark wrote " + parts.size() + " files for the training set instead "
                        + "of one; report this with the Spark version");
            }
            Files.move(parts.get(0), output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(output))) {
                return reader.getRecordCount();
            }
        } catch (IOException e) {
            throw new OfflineStoreException("cannot write the training set to " + output + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temporary folder does not change the output
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new OfflineStoreException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of the group's source files. */
    private long sourceBytes(List<PointInTimePlan> group) {
        long bytes = 0;
        try {
            for (PointInTimePlan plan : group) {
                for (String file : plan.files) {
                    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
                    bytes += path.getFileSystem(frames.hadoop()).getFileStatus(path).getLen();
                }
            }
        } catch (IOException e) {
            throw new OfflineStoreException("cannot read the size of a source file: " + e.getMessage(), e);
        }
        return bytes;
    }

    /** The same fingerprint as the in-process engine's, with each source file's status from its file system. */
    private String fingerprint(Path entityFile, List<PointInTimePlan> plans) {
        List<String> files = plans.stream().flatMap(plan -> plan.files.stream()).toList();
        return InputFingerprint.of(entityFile, files, file -> {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
            FileStatus status = path.getFileSystem(frames.hadoop()).getFileStatus(path);
            String location = file.startsWith("file:") ? Path.of(path.toUri()).toString() : file;
            return new InputFingerprint.SourceFile(location, status.getLen(), status.getModificationTime());
        });
    }
}
