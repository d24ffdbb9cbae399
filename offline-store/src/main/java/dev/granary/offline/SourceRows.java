package dev.granary.offline;

import java.util.Arrays;

/**
 * The source rows of one view kept for a join, in file order: dense key id, event time and created time (micros;
 * a null created time is {@code Long.MIN_VALUE}) and the value columns. Rows whose key is not wanted, whose event
 * time is null or outside the needed range are dropped on the way in.
 */
final class SourceRows {
    final ViewPlan plan;
    int size;
    int[] keys;
    long[] times;
    long[] created;
    ColumnData[] values;

    SourceRows(ViewPlan plan) {
        this(plan, 1024);
    }

    /** Rows with room for {@code capacity} rows (exact when the count is known, as for a spill file). */
    SourceRows(ViewPlan plan, int capacity) {
        this.plan = plan;
        this.keys = new int[capacity];
        this.times = new long[capacity];
        this.created = plan.createdColumn >= 0 ? new long[capacity] : null;
        this.values = new ColumnData[plan.columns.size() - plan.firstValueColumn];
        for (int v = 0; v < values.length; v++) {
            values[v] = new ColumnData(plan.kind(plan.firstValueColumn + v), capacity);
        }
    }

    /**
     * Appends the rows of a scanned chunk (columns as in {@link ViewPlan#columns}) whose key id (from {@code ids})
     * is known and whose event time lies in {@code [minTime, maxTime]}.
     */
    void append(ColumnData[] chunk, int rows, int[] ids, long minTime, long maxTime) {
        ColumnData time = chunk[plan.timeColumn];
        int[] selected = new int[rows];
        int count = 0;
        for (int r = 0; r < rows; r++) {
            if (ids[r] >= 0 && !time.isNull(r)) {
                long t = time.longs[r];
                if (t >= minTime && t <= maxTime) {
                    selected[count++] = r;
                }
            }
        }
        appendSelected(chunk, ids, selected, count);
    }

    void appendSelected(ColumnData[] chunk, int[] ids, int[] selected, int count) {
        ensure(size + count);
        ColumnData time = chunk[plan.timeColumn];
        ColumnData createdCol = plan.createdColumn >= 0 ? chunk[plan.createdColumn] : null;
        for (int i = 0; i < count; i++) {
            int r = selected[i];
            keys[size + i] = ids[r];
            times[size + i] = time.longs[r];
            if (created != null) {
                created[size + i] = createdCol.isNull(r) ? Long.MIN_VALUE : createdCol.longs[r];
            }
        }
        for (int v = 0; v < values.length; v++) {
            values[v].appendRows(chunk[plan.firstValueColumn + v], selected, count);
        }
        size += count;
    }

    private void ensure(int needed) {
        if (needed <= keys.length) {
            return;
        }
        int cap = Math.max(needed, keys.length + (keys.length >> 1));
        keys = Arrays.copyOf(keys, cap);
        times = Arrays.copyOf(times, cap);
        if (created != null) {
            created = Arrays.copyOf(created, cap);
        }
    }
}
