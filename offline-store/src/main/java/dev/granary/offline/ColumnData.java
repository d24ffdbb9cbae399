package dev.granary.offline;

import java.util.Arrays;

/**
 * A growable column of one physical kind with a null mask: integers, booleans and timestamps (micros) as
 * {@code long}, floating point as {@code double}, everything else (strings, bytes as Parquet {@code Binary})
 * as objects. Primitive arrays keep the hot join loops free of per-row objects.
 */
final class ColumnData {
    enum Kind { LONG, DOUBLE, OBJECT }

    final Kind kind;
    long[] longs;
    double[] doubles;
    Object[] objects;
    boolean[] nulls;
    int size;

    ColumnData(Kind kind, int capacity) {
        this.kind = kind;
        int cap = Math.max(capacity, 4);
        switch (kind) {
            case LONG -> longs = new long[cap];
            case DOUBLE -> doubles = new double[cap];
            case OBJECT -> objects = new Object[cap];
        }
    }

    int capacity() {
        return switch (kind) {
            case LONG -> longs.length;
            case DOUBLE -> doubles.length;
            case OBJECT -> objects.length;
        };
    }

    private void ensure(int needed) {
        if (needed <= capacity()) {
            return;
        }
        int cap = Math.max(needed, capacity() + (capacity() >> 1) + 16);
        switch (kind) {
            case LONG -> longs = Arrays.copyOf(longs, cap);
            case DOUBLE -> doubles = Arrays.copyOf(doubles, cap);
            case OBJECT -> objects = Arrays.copyOf(objects, cap);
        }
        if (nulls != null) {
            nulls = Arrays.copyOf(nulls, cap);
        }
    }

    void appendLong(long v) {
        ensure(size + 1);
        longs[size++] = v;
    }

    void appendDouble(double v) {
        ensure(size + 1);
        doubles[size++] = v;
    }

    void appendObject(Object v) {
        ensure(size + 1);
        objects[size++] = v;
    }

    void appendNull() {
        ensure(size + 1);
        if (nulls == null) {
            nulls = new boolean[capacity()];
        }
        nulls[size++] = true;
    }

    boolean isNull(int row) {
        return nulls != null && nulls[row];
    }

    /** Appends row {@code row} of {@code other} (same kind). */
    void appendFrom(ColumnData other, int row) {
        if (other.isNull(row)) {
            appendNull();
            return;
        }
        switch (kind) {
            case LONG -> appendLong(other.longs[row]);
            case DOUBLE -> appendDouble(other.doubles[row]);
            case OBJECT -> appendObject(other.objects[row]);
        }
    }

    /** Appends rows {@code rows[0..count)} of {@code src} (same kind) in one pass. */
    void appendRows(ColumnData src, int[] rows, int count) {
        ensure(size + count);
        switch (kind) {
            case LONG -> {
                long[] from = src.longs;
                for (int i = 0; i < count; i++) {
                    longs[size + i] = from[rows[i]];
                }
            }
            case DOUBLE -> {
                double[] from = src.doubles;
                for (int i = 0; i < count; i++) {
                    doubles[size + i] = from[rows[i]];
                }
            }
            case OBJECT -> {
                Object[] from = src.objects;
                for (int i = 0; i < count; i++) {
                    objects[size + i] = from[rows[i]];
                }
            }
        }
        if (src.nulls != null) {
            for (int i = 0; i < count; i++) {
                if (src.nulls[rows[i]]) {
                    if (nulls == null) {
                        nulls = new boolean[capacity()];
                    }
                    nulls[size + i] = true;
                }
            }
        }
        size += count;
    }

    /** A column of {@code size} nulls-by-default slots, filled by index (results written by entity row). */
    static ColumnData filledWithNulls(Kind kind, int size) {
        ColumnData c = new ColumnData(kind, size);
        c.nulls = new boolean[c.capacity()];
        Arrays.fill(c.nulls, 0, size, true);
        c.size = size;
        return c;
    }

    void setLong(int row, long v) {
        longs[row] = v;
        nulls[row] = false;
    }

    void setDouble(int row, double v) {
        doubles[row] = v;
        nulls[row] = false;
    }

    void setObject(int row, Object v) {
        objects[row] = v;
        nulls[row] = false;
    }

    /** Copies row {@code from} of {@code src} into row {@code row} of this result column. */
    void setFrom(int row, ColumnData src, int from) {
        if (src.isNull(from)) {
            return;
        }
        switch (kind) {
            case LONG -> setLong(row, src.longs[from]);
            case DOUBLE -> setDouble(row, src.doubles[from]);
            case OBJECT -> setObject(row, src.objects[from]);
        }
    }
}
