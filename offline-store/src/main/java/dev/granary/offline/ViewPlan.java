package dev.granary.offline;

import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.MessageType;

/**
 * What one view contributes to a join: its source files, the columns to read (keys, event time, created time,
 * value columns, each once), and its outputs (plain features and aggregations) with their output types.
 */
final class ViewPlan {
    /** One output: a plain feature ({@code function == null}) or an aggregation, reading value column {@code column}. */
    record Output(String feature, int column, AggregationFunction function, long windowMicros, ValueType type) {
    }

    final FeatureViewSpec view;
    final SourceSpec source;
    final List<JoinKey> keys;
    final List<Path> files;
    /** Columns to read: keys first, then the event time, the created time (if any), then value columns. */
    final List<String> columns = new ArrayList<>();
    final int timeColumn;
    final int createdColumn;
    final int firstValueColumn;
    final List<Output> outputs = new ArrayList<>();
    final long ttlMicros;
    private final MessageType schema;

    ViewPlan(RepoSpec spec, FeatureViewSpec view, List<String> features, Path offlineRoot) {
        this.view = view;
        this.source = spec.source(view.source()).orElseThrow(() -> new OfflineStoreException("feature view '"
                + view.name() + "' names source '" + view.source() + "', which the spec does not define; add it to sources"));
        this.keys = spec.joinKeys(view);
        if (keys.isEmpty()) {
            throw new OfflineStoreException("feature view '" + view.name()
                    + "' has no join keys; give it an entity with join keys");
        }
        this.files = SourceFiles.of(source, offlineRoot);
        if (files.isEmpty()) {
            throw new OfflineStoreException("source '" + source.name() + "' has no .parquet files under "
                    + source.path() + "; add data or fix sources[" + source.name() + "].path");
        }
        keys.forEach(k -> columns.add(k.name()));
        timeColumn = columns.size();
        columns.add(source.timestampField());
        createdColumn = source.createdTimestamp().isPresent() ? columns.size() : -1;
        source.createdTimestamp().ifPresent(columns::add);
        firstValueColumn = columns.size();
        this.schema = ParquetScan.schemaOf(files.get(0));
        for (String name : features) {
            FeatureSpec f = view.feature(name).orElse(null);
            if (f != null) {
                outputs.add(new Output(name, valueColumn(f.sourceColumn()), null, 0, f.type()));
                continue;
            }
            AggregationSpec a = view.aggregation(name).orElseThrow(() -> new OfflineStoreException("feature view '"
                    + view.name() + "' has no feature '" + name + "'; its features are " + view.featureNames()));
            ValueType columnType = schema.containsField(a.column())
                    ? ParquetTypes.valueType(schema.getType(a.column())).orElse(ValueType.BYTES) : ValueType.INT64;
            ValueType type = a.function().resultType(columnType).orElseThrow(() -> new OfflineStoreException(
                    "aggregation '" + view.name() + ":" + a.name() + "': " + a.function() + " does not fit column '"
                            + a.column() + "' of type " + columnType + "; pick a numeric column or COUNT"));
            outputs.add(new Output(name, valueColumn(a.column()), a.function(), a.windowSeconds() * 1_000_000L, type));
        }
        this.ttlMicros = view.ttlSeconds() * 1_000_000L;
    }

    private int valueColumn(String name) {
        for (int i = firstValueColumn; i < columns.size(); i++) {
            if (columns.get(i).equals(name)) {
                return i;
            }
        }
        columns.add(name);
        return columns.size() - 1;
    }

    /** The in-memory kind of a value column, from the first file's schema (timestamps become micros). */
    ColumnData.Kind kind(int column) {
        String name = columns.get(column);
        if (!schema.containsField(name) || !schema.getType(name).isPrimitive()) {
            return ColumnData.Kind.LONG;
        }
        return ParquetTypes.kindOf(schema.getType(name).asPrimitiveType());
    }

    boolean hasPlain() {
        return outputs.stream().anyMatch(o -> o.function() == null);
    }

    /** How far before an entity time a source row can still matter; {@code Long.MAX_VALUE} = unbounded. */
    long lookback() {
        long back = 0;
        for (Output o : outputs) {
            long b = o.function() == null ? (ttlMicros == 0 ? Long.MAX_VALUE : ttlMicros) : o.windowMicros();
            back = Math.max(back, b);
        }
        return back;
    }

    /** Rough heap bytes per loaded source row. */
    int bytesPerRow() {
        int bytes = 4 + 8 + (createdColumn >= 0 ? 8 : 0) + 8; // key id, time, created, sort order
        for (int c = firstValueColumn; c < columns.size(); c++) {
            bytes += kind(c) == ColumnData.Kind.OBJECT ? 56 : 9; // a Binary with its array, or a primitive and its null flag
        }
        return bytes;
    }
}
