package dev.granary.offline;

import dev.granary.offline.ParquetTables.Column;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.parquet.io.api.Binary;

/**
 * Rows of a streamed training set, column by column without a row object: read each value with the accessor of
 * its column's type. Valid only during {@link TrainingSetSink#batch}.
 */
public final class TrainingSetBatch {
    private final List<Column> columns;
    private final ColumnData[] data;
    private final int[] offsets;
    private final int rows;

    TrainingSetBatch(List<Column> columns, ColumnData[] data, int[] offsets, int rows) {
        this.columns = columns;
        this.data = data;
        this.offsets = offsets;
        this.rows = rows;
    }

    public int rows() {
        return rows;
    }

    public List<Column> columns() {
        return columns;
    }

    public boolean isNull(int column, int row) {
        return data[column].isNull(row + offsets[column]);
    }

    /** BOOL (1 or 0), INT32, INT64, and TIMESTAMP (UTC microseconds since the epoch). */
    public long longValue(int column, int row) {
        ColumnData c = data[column];
        int r = row + offsets[column];
        return c.kind == ColumnData.Kind.DOUBLE ? (long) c.doubles[r] : c.longs[r];
    }

    /** FLOAT32 and FLOAT64. */
    public double doubleValue(int column, int row) {
        ColumnData c = data[column];
        int r = row + offsets[column];
        return c.kind == ColumnData.Kind.LONG ? c.longs[r] : c.doubles[r];
    }

    /** STRING (UTF-8) and BYTES. */
    public byte[] bytesValue(int column, int row) {
        Object v = data[column].objects[row + offsets[column]];
        if (v instanceof Binary b) {
            return b.getBytes();
        }
        return v instanceof byte[] bytes ? bytes : v.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The value as {@link ParquetTables#read} gives it (Long, Double, String, Instant...), or null. */
    public Object value(int column, int row) {
        return ParquetTables.value(data[column], row + offsets[column], columns.get(column).type());
    }
}
