package dev.granary.offline;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.ValueType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes and reads simple flat Parquet tables: sample data for the quickstart, fixtures for tests. Java values
 * per type: {@code BOOL} Boolean, {@code INT32} Integer, {@code INT64} Long, {@code FLOAT32} Float,
 * {@code FLOAT64} Double, {@code STRING} String, {@code BYTES} byte[], {@code TIMESTAMP} Instant (written as
 * {@code TIMESTAMP(MICROS, UTC)}); {@code null} is a null. List types are not supported.
 */
public final class ParquetTables {
    private static final int BATCH = 65_536;

    private ParquetTables() {
    }

    /** A typed column of a table. */
    public record Column(String name, ValueType type) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    /** A table read back: its columns and rows (values as in {@link ParquetTables}). */
    public record Table(List<Column> columns, List<Object[]> rows) {
        public Table {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }

        public int columnIndex(String name) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(name)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no column '" + name + "' in " + columns);
        }
    }

    /**
     * Writes {@code rows} (each as long as {@code columns}) to {@code file}, replacing it.
     *
     * @throws OfflineStoreException if a value does not fit its column type or the file cannot be written
     */
    public static void write(Path file, List<Column> columns, Iterable<Object[]> rows) {
        List<Type> fields = new ArrayList<>();
        columns.forEach(c -> fields.add(ParquetTypes.outputType(c.name(), c.type())));
        MessageType schema = new MessageType("granary", fields);
        ColumnarWriteSupport support = new ColumnarWriteSupport(schema);
        try (ParquetWriter<Integer> writer = ColumnarWriteSupport.open(file, support, 64L << 20)) {
            ColumnData[] batch = newBatch(columns);
            int n = 0;
            for (Object[] row : rows) {
                if (row.length != columns.size()) {
                    throw new OfflineStoreException("row " + n + " has " + row.length + " values for "
                            + columns.size() + " columns of " + file + "; give one value per column");
                }
                for (int c = 0; c < row.length; c++) {
                    append(batch[c], columns.get(c), row[c]);
                }
                if (batch[0].size == BATCH) {
                    flush(writer, support, batch);
                    batch = newBatch(columns);
                }
                n++;
            }
            if (!columns.isEmpty() && batch[0].size > 0) {
                flush(writer, support, batch);
            }
        } catch (IOException e) {
            throw new OfflineStoreException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The top-level scalar columns of {@code file} (read from its footer), leaving out those of other types. */
    public static List<Column> columns(Path file) {
        List<Column> columns = new ArrayList<>();
        for (Type t : ParquetScan.schemaOf(file).getFields()) {
            ParquetTypes.valueType(t).ifPresent(type -> columns.add(new Column(t.getName(), type)));
        }
        return columns;
    }

    /** Reads every top-level scalar column of {@code file}. */
    public static Table read(Path file) {
        MessageType schema = ParquetScan.schemaOf(file);
        List<Column> columns = new ArrayList<>();
        for (Type t : schema.getFields()) {
            columns.add(new Column(t.getName(), ParquetTypes.valueType(t).orElseThrow(() -> new OfflineStoreException(
                    "column '" + t.getName() + "' of " + file + " has an unsupported type " + t))));
        }
        List<Object[]> rows = new ArrayList<>();
        new ParquetScan(columns.stream().map(Column::name).toList(), true).scan(List.of(file), (cols, n) -> {
            for (int r = 0; r < n; r++) {
                Object[] row = new Object[cols.length];
                for (int c = 0; c < cols.length; c++) {
                    row[c] = value(cols[c], r, columns.get(c).type());
                }
                rows.add(row);
            }
        });
        return new Table(columns, rows);
    }

    static Object value(ColumnData col, int r, ValueType type) {
        if (col.isNull(r)) {
            return null;
        }
        return switch (type) {
            case BOOL -> col.longs[r] != 0;
            case INT32 -> (int) col.longs[r];
            case INT64 -> col.kind == ColumnData.Kind.DOUBLE ? (long) col.doubles[r] : col.longs[r];
            case FLOAT32 -> (float) (col.kind == ColumnData.Kind.LONG ? col.longs[r] : col.doubles[r]);
            case FLOAT64 -> col.kind == ColumnData.Kind.LONG ? (double) col.longs[r] : col.doubles[r];
            case TIMESTAMP -> micros(col.longs[r]);
            case STRING -> col.objects[r] instanceof Binary b ? b.toStringUsingUTF8() : col.objects[r].toString();
            case BYTES -> col.objects[r] instanceof Binary b ? b.getBytes() : col.objects[r];
            default -> throw new OfflineStoreException("list type " + type + " is not supported");
        };
    }

    static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000L);
    }

    private static ColumnData[] newBatch(List<Column> columns) {
        ColumnData[] batch = new ColumnData[columns.size()];
        for (int c = 0; c < batch.length; c++) {
            batch[c] = new ColumnData(ParquetTypes.kindOf(columns.get(c).type()), 1024);
        }
        return batch;
    }

    private static void flush(ParquetWriter<Integer> writer, ColumnarWriteSupport support, ColumnData[] batch)
            throws IOException {
        support.batch(batch);
        for (int r = 0; r < batch[0].size; r++) {
            writer.write(r);
        }
    }

    private static void append(ColumnData col, Column column, Object v) {
        if (v == null) {
            col.appendNull();
            return;
        }
        try {
            switch (column.type()) {
                case BOOL -> col.appendLong((Boolean) v ? 1 : 0);
                case INT32, INT64 -> col.appendLong(((Number) v).longValue());
                case FLOAT32, FLOAT64 -> col.appendDouble(((Number) v).doubleValue());
                case TIMESTAMP -> col.appendLong(toMicros((Instant) v));
                case STRING -> col.appendObject((String) v);
                case BYTES -> col.appendObject((byte[]) v);
                default -> throw new OfflineStoreException("list type " + column.type() + " of column '"
                        + column.name() + "' is not supported by ParquetTables");
            }
        } catch (ClassCastException e) {
            throw new OfflineStoreException("value " + v + " (" + v.getClass().getSimpleName() + ") does not fit column '"
                    + column.name() + "' of type " + column.type() + "; see ParquetTables for the Java type per type", e);
        }
    }
}
