package dev.granary.offline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dense ids for the join-key tuples of one view. A single integer key maps through a primitive hash map; other
 * keys (strings, composites) through a hash map of the key values, which compares full values, so distinct tuples
 * never collide. A tuple with any null component has no id ({@code -1}).
 */
final class KeyIndex {
    private final boolean singleLong;
    private final int expected;
    /** Created on first use: narrow keys go through {@link #dense} and never need it (it is 12 bytes per row). */
    private LongIntMap longs;
    private final Map<Object, Integer> objects;
    private int size;
    /** For integer keys in a narrow range: ids by {@code key - denseBase}, -1 when absent (no hashing, small). */
    private int[] dense;
    private long denseBase;

    private KeyIndex(boolean singleLong, int expected) {
        this.singleLong = singleLong;
        this.expected = expected;
        this.objects = singleLong ? null : new HashMap<>(Math.max(16, expected * 2));
    }

    static KeyIndex forColumns(ColumnData[] keyColumns, int expected) {
        boolean singleLong = keyColumns.length == 1 && keyColumns[0].kind == ColumnData.Kind.LONG;
        return new KeyIndex(singleLong, expected);
    }

    int size() {
        return size;
    }

    /** Ids of every row, assigning new ids to unseen tuples. */
    int[] assign(ColumnData[] cols, int n) {
        if (singleLong && size == 0) {
            return assignDense(cols[0], n);
        }
        int[] ids = new int[n];
        for (int r = 0; r < n; r++) {
            ids[r] = idOf(cols, r, true);
        }
        return ids;
    }

    private int[] assignDense(ColumnData c, int n) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int r = 0; r < n; r++) {
            if (!c.isNull(r)) {
                min = Math.min(min, c.longs[r]);
                max = Math.max(max, c.longs[r]);
            }
        }
        int[] ids = new int[n];
        if (min > max || max - min >= Math.min(1L << 27, 4L * n + 1024)) {
            for (int r = 0; r < n; r++) {
                ids[r] = idOf(new ColumnData[]{c}, r, true);
            }
            return ids;
        }
        denseBase = min;
        int[] table = new int[(int) (max - min + 1)];
        java.util.Arrays.fill(table, -1);
        for (int r = 0; r < n; r++) {
            if (c.isNull(r)) {
                ids[r] = -1;
                continue;
            }
            int slot = (int) (c.longs[r] - min);
            if (table[slot] < 0) {
                table[slot] = size++;
            }
            ids[r] = table[slot];
        }
        dense = table;
        return ids;
    }

    /** The id of row {@code r}'s tuple, or -1 when it is unknown (and {@code assign} is false) or has a null. */
    int idOf(ColumnData[] cols, int r, boolean assign) {
        if (singleLong) {
            ColumnData c = cols[0];
            if (c.isNull(r)) {
                return -1;
            }
            long v = c.kind == ColumnData.Kind.LONG ? c.longs[r] : (long) c.doubles[r];
            if (dense != null) {
                long slot = v - denseBase;
                return slot >= 0 && slot < dense.length ? dense[(int) slot] : -1;
            }
            if (!assign) {
                return longs == null ? -1 : longs.get(v);
            }
            if (longs == null) {
                longs = new LongIntMap(expected);
            }
            int id = longs.getOrPut(v, size);
            if (id == size) {
                size++;
            }
            return id;
        }
        Object key = tuple(cols, r);
        if (key == null) {
            return -1;
        }
        if (!assign) {
            Integer id = objects.get(key);
            return id == null ? -1 : id;
        }
        Integer id = objects.putIfAbsent(key, size);
        if (id == null) {
            return size++;
        }
        return id;
    }

    private static Object tuple(ColumnData[] cols, int r) {
        if (cols.length == 1) {
            return cell(cols[0], r);
        }
        List<Object> parts = new ArrayList<>(cols.length);
        for (ColumnData c : cols) {
            Object v = cell(c, r);
            if (v == null) {
                return null;
            }
            parts.add(v);
        }
        return parts;
    }

    private static Object cell(ColumnData c, int r) {
        if (c.isNull(r)) {
            return null;
        }
        return switch (c.kind) {
            case LONG -> c.longs[r];
            case DOUBLE -> c.doubles[r];
            case OBJECT -> c.objects[r];
        };
    }
}
