package dev.granary.offline.stats;

import static java.util.Objects.requireNonNull;

import dev.granary.offline.ParquetTypes;
import dev.granary.offline.OfflineStoreException;
import dev.granary.offline.ProgressListener;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;

/**
 * Computes {@link FeatureStats} of a feature view's features from its source's Parquet data: one streaming pass
 * over the files (row group by row group, only the needed columns), memory bounded by the sketches and one row
 * group's mask, whatever the data size. Each source column is summarised once even when several features read
 * it. Plain features are summarised over their source column, aggregations over their input column
 * ({@link StatisticsBasis}); list-typed features get no statistics. Thread-safe (no shared state).
 */
public final class FeatureStatistics {
    private FeatureStatistics() {
    }

    /**
     * The statistics of every scalar feature of {@code view} (declaration order: plain features, then
     * aggregations) over the source rows with {@code start <= event time <= end}; rows with a null event time are
     * ignored, as the offline engine does. Progress is reported as phase {@code statistics <view>} in rows.
     *
     * @param start       first event time included, or {@code null} for no lower bound
     * @param end         last event time included, or {@code null} for no upper bound
     * @param offlineRoot the folder relative source paths resolve against
     * @throws OfflineStoreException    when the view's source is not in the spec, its path does not exist, a
     *                                  column is missing or a file cannot be read
     * @throws IllegalArgumentException when {@code start} is after {@code end}
     */
    public static List<FeatureStats> compute(RepoSpec spec, FeatureViewSpec view, Instant start, Instant end,
                                             Path offlineRoot, ProgressListener progress) {
        return profile(spec, view, start, end, offlineRoot, progress).stream().map(FeatureProfile::stats).toList();
    }

    /**
     * As {@link #compute}, each feature's statistics with the sketches behind them (for comparing distributions).
     *
     * @throws OfflineStoreException    as {@link #compute}
     * @throws IllegalArgumentException when {@code start} is after {@code end}
     */
    public static List<FeatureProfile> profile(RepoSpec spec, FeatureViewSpec view, Instant start, Instant end,
                                               Path offlineRoot, ProgressListener progress) {
        return profile(spec, view, start, end, offlineRoot, progress, StatisticsSampling.ALL);
    }

    /**
     * As {@link #profile(RepoSpec, FeatureViewSpec, Instant, Instant, Path, ProgressListener)}, reading at most
     * about {@code sampling.maxRows()} rows (whole row groups spread evenly, see {@link StatisticsSampling}) and
     * estimating distinct counts only when asked; counts are of the rows read.
     *
     * @throws OfflineStoreException    as {@link #compute}
     * @throws IllegalArgumentException when {@code start} is after {@code end}
     */
    public static List<FeatureProfile> profile(RepoSpec spec, FeatureViewSpec view, Instant start, Instant end,
                                               Path offlineRoot, ProgressListener progress,
                                               StatisticsSampling sampling) {
        requireNonNull(sampling, "sampling is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(view, "view is null");
        requireNonNull(offlineRoot, "offlineRoot is null");
        requireNonNull(progress, "progress is null");
        if (start != null && end != null && start.isAfter(end)) {
            throw new IllegalArgumentException("start " + start + " is after end " + end + "; swap them");
        }
        SourceSpec source = spec.source(view.source()).orElseThrow(() -> new OfflineStoreException("view '"
                + view.name() + "' reads source '" + view.source() + "', which the spec does not define"));
        List<Path> files = files(source, offlineRoot);
        if (files.isEmpty()) {
            return emptyStats(view);
        }
        MessageType schema = schemaOf(files.getFirst());
        Map<String, ValueType> types = new LinkedHashMap<>();
        for (FeatureSpec f : view.features()) {
            if (!f.type().isList()) {
                types.computeIfAbsent(f.sourceColumn(), c -> columnType(schema, c, f.type()));
            }
        }
        for (AggregationSpec a : view.aggregations()) {
            types.computeIfAbsent(a.column(), c -> columnType(schema, c, null));
        }
        StatsScan scan = new StatsScan(source.timestampField(), micros(start, Long.MIN_VALUE),
                micros(end, Long.MAX_VALUE), () -> {
                    Map<String, ColumnSummary> fresh = new LinkedHashMap<>();
                    types.forEach((column, type) -> fresh.put(column, new ColumnSummary(type, sampling.distinct())));
                    return fresh;
                }, sampling);
        scan.scan(files, rowCount(files), "statistics " + view.name(), progress);
        Map<String, ColumnSummary> summaries = scan.summaries();
        Instant minEvent = scan.minEventMicros() == Long.MAX_VALUE ? null : instant(scan.minEventMicros());
        Instant maxEvent = scan.maxEventMicros() == Long.MIN_VALUE ? null : instant(scan.maxEventMicros());
        List<FeatureProfile> out = new ArrayList<>();
        for (FeatureSpec f : view.features()) {
            if (!f.type().isList()) {
                out.add(summaries.get(f.sourceColumn()).toProfile(view.name(), f.name(), f.sourceColumn(), f.type(),
                        StatisticsBasis.SOURCE_COLUMN, "", minEvent, maxEvent));
            }
        }
        for (AggregationSpec a : view.aggregations()) {
            ColumnSummary s = summaries.get(a.column());
            out.add(s.toProfile(view.name(), a.name(), a.column(), s.type, StatisticsBasis.AGGREGATION_INPUT,
                    a.function() + " over " + a.window(), minEvent, maxEvent));
        }
        return out;
    }

    /** A folder without Parquet files: every feature with zero rows. */
    private static List<FeatureProfile> emptyStats(FeatureViewSpec view) {
        List<FeatureProfile> out = new ArrayList<>();
        for (FeatureSpec f : view.features()) {
            if (!f.type().isList()) {
                out.add(new ColumnSummary(f.type()).toProfile(view.name(), f.name(), f.sourceColumn(), f.type(),
                        StatisticsBasis.SOURCE_COLUMN, "", null, null));
            }
        }
        for (AggregationSpec a : view.aggregations()) {
            out.add(new ColumnSummary(ValueType.FLOAT64).toProfile(view.name(), a.name(), a.column(), ValueType.FLOAT64,
                    StatisticsBasis.AGGREGATION_INPUT, a.function() + " over " + a.window(), null, null));
        }
        return out;
    }

    /** The column's type as stored; a plain feature of a type the file does not say falls back to its own. */
    private static ValueType columnType(MessageType schema, String column, ValueType declared) {
        if (!schema.containsField(column)) {
            throw new OfflineStoreException("column '" + column + "' is missing from the source data (it has "
                    + schema.getFields().stream().map(org.apache.parquet.schema.Type::getName).toList()
                    + "); fix the feature's column or the data");
        }
        return ParquetTypes.valueType(schema.getType(column)).orElseGet(() -> {
            if (declared == null) {
                throw new OfflineStoreException("column '" + column + "' has type " + schema.getType(column)
                        + ", which statistics cannot read; aggregate a scalar column");
            }
            return declared;
        });
    }

    private static List<Path> files(SourceSpec source, Path offlineRoot) {
        Path p = Path.of(source.path());
        Path path = p.isAbsolute() ? p : offlineRoot.resolve(p);
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new OfflineStoreException("source '" + source.name() + "': " + source.path()
                    + " does not exist; fix sources[" + source.name() + "].path or offline.root");
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".parquet"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new OfflineStoreException("source '" + source.name() + "': cannot list " + path + ": "
                    + e.getMessage(), e);
        }
    }

    private static MessageType schemaOf(Path file) {
        try (ParquetFileReader reader = StatsScan.open(file)) {
            return reader.getFooter().getFileMetaData().getSchema();
        } catch (IOException | RuntimeException e) {
            throw new OfflineStoreException("cannot read the Parquet footer of " + file + ": " + e.getMessage()
                    + "; check that the file is a Parquet file", e);
        }
    }

    private static long rowCount(List<Path> files) {
        long rows = 0;
        for (Path f : files) {
            try (ParquetFileReader reader = StatsScan.open(f)) {
                rows += reader.getRecordCount();
            } catch (IOException e) {
                throw new OfflineStoreException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    private static long micros(Instant t, long unbounded) {
        if (t == null) {
            return unbounded;
        }
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000L);
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
