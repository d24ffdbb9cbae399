package dev.granary.offline.stats;

import dev.granary.offline.ParquetTypes;
import dev.granary.offline.OfflineStoreException;
import dev.granary.offline.ProgressListener;
import dev.granary.offline.RowGroupPruning;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * One pass over a source's Parquet files, row group by row group, feeding each requested column's values of the
 * rows whose event time lies in {@code [startMicros, endMicros]} to its {@link ColumnSummary}. Values go straight
 * from the column readers into the sketches; only the row group's in-range mask is held, so memory is bounded by
 * the row-group size, not the data. Row groups whose event-time statistics lie outside the range are skipped.
 */
final class StatsScan {
    /** Without Hadoop's XML defaults, whose parsing would dominate reading a small file. */
    private static final ParquetConfiguration CONF =
            new HadoopParquetConfiguration(new org.apache.hadoop.conf.Configuration(false));

    private final String timeColumn;
    private final long startMicros;
    private final long endMicros;
    private final Map<String, ColumnSummary> summaries;
    private long minEvent = Long.MAX_VALUE;
    private long maxEvent = Long.MIN_VALUE;

    StatsScan(String timeColumn, long startMicros, long endMicros, Map<String, ColumnSummary> summaries) {
        this.timeColumn = timeColumn;
        this.startMicros = startMicros;
        this.endMicros = endMicros;
        this.summaries = summaries;
    }

    static ParquetFileReader open(Path file) throws IOException {
        return ParquetFileReader.open(new LocalInputFile(file), ParquetReadOptions.builder(CONF).build());
    }

    /** Event-time range of the rows read, epoch micros; {@code Long.MAX_VALUE} when no row was in range. */
    long minEventMicros() {
        return minEvent;
    }

    long maxEventMicros() {
        return maxEvent;
    }

    void scan(List<Path> files, long totalRows, String phase, ProgressListener progress) {
        long done = 0;
        progress.progress(phase, 0, totalRows);
        for (Path file : files) {
            try (ParquetFileReader reader = open(file)) {
                done = scanFile(file, reader, done, totalRows, phase, progress);
            } catch (IOException e) {
                throw new OfflineStoreException("cannot read " + file + ": " + e.getMessage()
                        + "; check that the file is a readable Parquet file", e);
            }
        }
        progress.progress(phase, totalRows, totalRows);
    }

    private long scanFile(Path file, ParquetFileReader reader, long done, long total, String phase,
                          ProgressListener progress) throws IOException {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        List<String> names = new ArrayList<>();
        names.add(timeColumn);
        names.addAll(summaries.keySet());
        List<Type> fields = new ArrayList<>();
        for (String name : names) {
            if (!schema.containsField(name)) {
                throw new OfflineStoreException("column '" + name + "' is missing from " + file + "; it has "
                        + schema.getFields().stream().map(Type::getName).toList()
                        + "; fix the feature's column or the data");
            }
            if (fields.stream().noneMatch(f -> f.getName().equals(name))) {
                fields.add(schema.getType(name));
            }
        }
        MessageType requested = new MessageType(schema.getName(), fields);
        reader.setRequestedSchema(requested);
        String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
        for (BlockMetaData block : reader.getRowGroups()) {
            long rows = block.getRowCount();
            if (!RowGroupPruning.mayOverlap(block, timeColumn, schema.getType(timeColumn).asPrimitiveType(),
                    startMicros, endMicros)) {
                reader.skipNextRowGroup();
                done += rows;
                progress.progress(phase, done, total);
                continue;
            }
            PageReadStore rowGroup = reader.readNextRowGroup();
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(rowGroup,
                    new DummyRecordConverter(requested).getRootConverter(), requested, createdBy);
            int n = Math.toIntExact(rowGroup.getRowCount());
            boolean[] keep = timeMask(store, requested.getColumnDescription(new String[] {timeColumn}), n);
            for (Map.Entry<String, ColumnSummary> entry : summaries.entrySet()) {
                ColumnDescriptor d = requested.getColumnDescription(new String[] {entry.getKey()});
                summarise(store.getColumnReader(d), d, keep, entry.getValue());
            }
            done += n;
            progress.progress(phase, done, total);
        }
        return done;
    }

    /** Rows with a non-null event time in range; as the engine does, rows without an event time are ignored. */
    private boolean[] timeMask(ColumnReadStoreImpl store, ColumnDescriptor d, int n) {
        ColumnReader reader = store.getColumnReader(d);
        PrimitiveType type = d.getPrimitiveType();
        int maxDef = d.getMaxDefinitionLevel();
        boolean[] keep = new boolean[n];
        for (int r = 0; r < n; r++) {
            if (reader.getCurrentDefinitionLevel() == maxDef) {
                long t = type.getPrimitiveTypeName() == PrimitiveTypeName.INT96
                        ? ParquetTypes.int96ToMicros(reader.getBinary().getBytes())
                        : ParquetTypes.micros(reader.getLong(), type);
                if (t >= startMicros && t <= endMicros) {
                    keep[r] = true;
                    minEvent = Math.min(minEvent, t);
                    maxEvent = Math.max(maxEvent, t);
                }
            }
            reader.consume();
        }
        return keep;
    }

    private static void summarise(ColumnReader reader, ColumnDescriptor d, boolean[] keep, ColumnSummary summary) {
        PrimitiveType type = d.getPrimitiveType();
        int maxDef = d.getMaxDefinitionLevel();
        boolean timestamp = ParquetTypes.isTimestamp(type);
        for (int r = 0; r < keep.length; r++) {
            boolean present = reader.getCurrentDefinitionLevel() == maxDef;
            if (keep[r]) {
                if (present) {
                    add(reader, type, timestamp, summary);
                } else {
                    summary.addNull();
                }
            } else if (present) {
                reader.skip(); // consume() alone moves past the levels, not the value
            }
            reader.consume();
        }
    }

    private static void add(ColumnReader reader, PrimitiveType type, boolean timestamp, ColumnSummary summary) {
        switch (type.getPrimitiveTypeName()) {
            case INT32 -> summary.addLong(reader.getInteger());
            case INT64 -> {
                if (timestamp) {
                    summary.addDouble(ParquetTypes.micros(reader.getLong(), type) / 1e6);
                } else {
                    summary.addLong(reader.getLong());
                }
            }
            case INT96 -> summary.addDouble(ParquetTypes.int96ToMicros(reader.getBinary().getBytes()) / 1e6);
            case FLOAT -> summary.addDouble(reader.getFloat());
            case DOUBLE -> summary.addDouble(reader.getDouble());
            case BOOLEAN -> summary.addBoolean(reader.getBoolean());
            default -> {
                if (summary.type == dev.granary.spec.ValueType.STRING) {
                    summary.addText(reader.getBinary().toStringUsingUTF8());
                } else {
                    summary.addBytes(reader.getBinary().getBytes());
                }
            }
        }
    }
}
