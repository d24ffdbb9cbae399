package dev.granary.offline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads chosen top-level columns of Parquet files, row group by row group in slices of at most
 * {@link #SLICE_ROWS} rows, into {@link ColumnData}: fixed-width numeric columns page by page
 * ({@link NumericPages}), the others with parquet-java's column readers (no per-row record objects). Only the requested columns are decoded, and row
 * groups whose time-column statistics lie outside {@code [minMicros, maxMicros]} are skipped unread.
 */
final class ParquetScan {
    /** Receives one row group's columns, aligned with the requested names. */
    interface ChunkSink {
        void accept(ColumnData[] columns, int rows) throws IOException;
    }

    /** Rows decoded at once: chunks handed to the sink have at most this many rows. */
    static final int SLICE_ROWS = 65_536;

    /** Built once without Hadoop's XML defaults, whose parsing would dominate reading a small file. */
    private static final org.apache.parquet.conf.ParquetConfiguration CONF =
            new org.apache.parquet.conf.HadoopParquetConfiguration(new org.apache.hadoop.conf.Configuration(false));

    private final List<String> columns;
    private final boolean convertTimestamps;
    private String timeColumn;
    private long minMicros = Long.MIN_VALUE;
    private long maxMicros = Long.MAX_VALUE;

    /**
     * @param convertTimestamps read timestamp columns as UTC micros (true) or as their raw stored values (false,
     *                          for copying input columns unchanged)
     */
    ParquetScan(List<String> columns, boolean convertTimestamps) {
        this.columns = List.copyOf(columns);
        this.convertTimestamps = convertTimestamps;
    }

    /** Skip row groups whose {@code column} statistics show no value in {@code [min, max]} (micros). */
    ParquetScan timeRange(String column, long min, long max) {
        this.timeColumn = column;
        this.minMicros = min;
        this.maxMicros = max;
        return this;
    }

    static ParquetFileReader open(Path file) throws IOException {
        // options per reader: they carry a codec factory whose decompressors are not thread-safe
        return ParquetFileReader.open(new LocalInputFile(file), ParquetReadOptions.builder(CONF).build());
    }

    static MessageType schemaOf(Path file) {
        try (ParquetFileReader reader = open(file)) {
            return reader.getFooter().getFileMetaData().getSchema();
        } catch (IOException | RuntimeException e) {
            throw new OfflineStoreException("cannot read the Parquet footer of " + file + ": " + e.getMessage()
                    + "; check that the file is a Parquet file", e);
        }
    }

    static long rowCount(List<Path> files) {
        return new ParquetScan(List.of(), false).rowsInRange(files);
    }

    /** Rows in the row groups this scan would read (all, or those that may overlap its time range). */
    long rowsInRange(List<Path> files) {
        long rows = 0;
        for (Path f : files) {
            try (ParquetFileReader reader = open(f)) {
                MessageType schema = reader.getFooter().getFileMetaData().getSchema();
                for (BlockMetaData block : reader.getRowGroups()) {
                    if (timeColumn == null || !schema.containsField(timeColumn) || overlapsTimeRange(block, schema)) {
                        rows += block.getRowCount();
                    }
                }
            } catch (IOException e) {
                throw new OfflineStoreException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    void scan(List<Path> files, ChunkSink sink) {
        for (Path file : files) {
            try {
                scanFile(file, sink);
            } catch (IOException e) {
                throw new OfflineStoreException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private void scanFile(Path file, ChunkSink sink) throws IOException {
        try (ParquetFileReader reader = open(file)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<Type> fields = new ArrayList<>();
            for (String name : columns) {
                if (!schema.containsField(name)) {
                    throw new OfflineStoreException("column '" + name + "' is missing from " + file
                            + "; it has " + schema.getFields().stream().map(Type::getName).toList());
                }
                Type t = schema.getType(name);
                if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
                    throw new OfflineStoreException("column '" + name + "' of " + file
                            + " is nested or repeated; the offline engine reads scalar columns only");
                }
                fields.add(t);
            }
            MessageType requested = new MessageType(schema.getName(), fields);
            reader.setRequestedSchema(requested);
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            List<ColumnDescriptor> descriptors = requested.getColumns();
            for (BlockMetaData block : reader.getRowGroups()) {
                if (!overlapsTimeRange(block, schema)) {
                    reader.skipNextRowGroup();
                    continue;
                }
                PageReadStore rowGroup = reader.readNextRowGroup();
                long rows = rowGroup.getRowCount();
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(rowGroup,
                        new DummyRecordConverter(requested).getRootConverter(), requested, createdBy);
                // fixed-width numeric columns are decoded a page at a time; the rest through parquet-java's
                // column readers, made only for the columns that need one
                ColumnReader[] readers = new ColumnReader[descriptors.size()];
                NumericPages[] numeric = new NumericPages[descriptors.size()];
                for (int c = 0; c < readers.length; c++) {
                    ColumnDescriptor d = descriptors.get(c);
                    if (NumericPages.handles(d)) {
                        numeric[c] = new NumericPages(rowGroup.getPageReader(d), d, convertTimestamps);
                    } else {
                        readers[c] = store.getColumnReader(d);
                    }
                }
                // decoded in slices: a row group can hold millions of rows, and decoding it whole (a Binary per
                // string value) would hold several times its compressed size, outside the memory budget
                for (long done = 0; done < rows; ) {
                    int n = (int) Math.min(SLICE_ROWS, rows - done);
                    ColumnData[] out = new ColumnData[readers.length];
                    for (int c = 0; c < readers.length; c++) {
                        out[c] = numeric[c] != null ? numeric[c].read(n)
                                : readColumn(readers[c], descriptors.get(c), n);
                    }
                    sink.accept(out, n);
                    done += n;
                }
            }
        }
    }

    private boolean overlapsTimeRange(BlockMetaData block, MessageType schema) {
        if (timeColumn == null || (minMicros == Long.MIN_VALUE && maxMicros == Long.MAX_VALUE)) {
            return true;
        }
        return RowGroupPruning.mayOverlap(block, timeColumn, schema.getType(timeColumn).asPrimitiveType(), minMicros,
                maxMicros);
    }

    /**
     * A column {@link NumericPages} does not decode (booleans, INT96, strings and bytes), value by value through
     * parquet-java's column reader.
     */
    private ColumnData readColumn(ColumnReader reader, ColumnDescriptor d, int rows) {
        PrimitiveType type = d.getPrimitiveType();
        int maxDef = d.getMaxDefinitionLevel();
        boolean timestamp = convertTimestamps && ParquetTypes.isTimestamp(type);
        ColumnData.Kind kind = type.getPrimitiveTypeName() == PrimitiveTypeName.INT96 && !timestamp
                ? ColumnData.Kind.OBJECT : ParquetTypes.kindOf(type);
        ColumnData col = new ColumnData(kind, rows);
        for (int i = 0; i < rows; i++) {
            if (reader.getCurrentDefinitionLevel() < maxDef) {
                col.appendNull();
            } else {
                readValue(reader, type, timestamp, col);
            }
            reader.consume();
        }
        return col;
    }

    private static void readValue(ColumnReader reader, PrimitiveType type, boolean timestamp, ColumnData col) {
        switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> col.appendLong(reader.getBoolean() ? 1 : 0);
            case INT96 -> {
                Binary b = reader.getBinary();
                if (timestamp) {
                    col.appendLong(ParquetTypes.int96ToMicros(b.getBytes()));
                } else {
                    col.appendObject(b.copy());
                }
            }
            default -> col.appendObject(reader.getBinary().copy());
        }
    }
}
