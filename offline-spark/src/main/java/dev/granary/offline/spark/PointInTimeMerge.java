package dev.granary.offline.spark;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The merge walk of one group's point-in-time join, over one partition of rows sorted by {@code run} alone: each
 * source row updates its key's newest row of its view and the view's window entries; each entity row leaves with
 * the values of that state (TTL checked) and the window aggregates over {@code (t - w, t]}. {@code run} is a long
 * whose upper 32 bits are a hash of the keys and whose lower bits are the time in ~1 s steps, so one sort column
 * orders almost every pair of rows and Spark sorts it by radix instead of comparing rows. The few rows of a run
 * (one key hash, ~1 s) are gathered into a block and ordered here by {@code (time, kind, created, file, row)}:
 * time (no time first), source rows before entity rows, created time (nulls first), file, row in file. Keys whose
 * hashes collide interleave within a block and across the runs of their hash, so each key of a hash keeps its own
 * state; a new hash drops them. One pass, memory per task: one block (a key hash's rows of one step; all its rows
 * before 1970, or after 2112, share a step), and the keys of one hash, each with its newest row per view and the
 * window entries of one window length.
 *
 * <p>The walk reads and writes Spark's internal rows (UTF8String, micros as longs), so no row is converted to a
 * {@code Row} and back: it runs on the sorted plan's RDD, and its output becomes a DataFrame again (see
 * {@link PointInTimePlan}). Its output rows are {@code (entity row, time, carry, outputs...)}.
 *
 * <p>Only Spark and JDK classes are used here: on a cluster, the executors load this class from the engine's jar
 * ({@link ExecutorJar}), and need none of Granary's other modules.
 */
final class PointInTimeMerge implements FlatMapFunction<Iterator<InternalRow>, InternalRow>, Serializable {
    private static final long serialVersionUID = 1L;

    /** A window aggregation, as the in-process engine computes it. */
    enum Function { COUNT, SUM, MIN, MAX, MEAN }

    /**
     * One output of a view: a plain feature read from input column {@code slot} of Spark type {@code type}, or (with
     * {@code function}) an aggregation of that column over {@code windowMicros}; {@code integral} tells integer
     * columns apart for SUM.
     */
    record Output(int view, int slot, DataType type, Function function, long windowMicros, boolean integral)
            implements Serializable {
    }

    private final int run;
    private final int[] keys;
    private final DataType[] keyTypes;
    private final int time;
    private final int kind;
    private final int entityRow;
    /** The created-time column, -1 when no source of the group has one. */
    private final int created;
    private final int file;
    private final int carry;
    private final int carryFields;
    private final int entityKind;
    /** Per view: the TTL in micros, 0 for none. */
    private final long[] ttls;
    private final Output[] outputs;

    PointInTimeMerge(int run, int[] keys, DataType[] keyTypes, int time, int kind, int created, int file, int entityRow,
                     int carry, int carryFields, long[] ttls, List<Output> outputs) {
        this.run = run;
        this.keys = keys.clone();
        this.keyTypes = keyTypes.clone();
        this.time = time;
        this.kind = kind;
        this.created = created;
        this.file = file;
        this.entityRow = entityRow;
        this.carry = carry;
        this.carryFields = carryFields;
        this.entityKind = ttls.length;
        this.ttls = ttls.clone();
        this.outputs = outputs.toArray(Output[]::new);
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        return new Walk(rows);
    }

    /** A key's state: per view its newest row (time and plain values), per aggregation its window entries. */
    private final class KeyState {
        final long[] latestTime = new long[ttls.length];
        final boolean[] seen = new boolean[ttls.length];
        final Object[] plain = new Object[outputs.length];
        final ArrayDeque<WindowAggregate.Entry>[] windows;

        @SuppressWarnings("unchecked")
        KeyState() {
            windows = new ArrayDeque[outputs.length];
            for (int o = 0; o < outputs.length; o++) {
                if (outputs[o].function() != null) {
                    windows[o] = new ArrayDeque<>();
                }
            }
        }
    }

    /** The order of a block's rows: time (none first), kind, created time (nulls first), file (nulls first), row. */
    private int compare(InternalRow a, InternalRow b) {
        int c = compareNullsFirst(a, b, time);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.getInt(kind), b.getInt(kind));
        if (c != 0) {
            return c;
        }
        if (created >= 0) {
            c = compareNullsFirst(a, b, created);
            if (c != 0) {
                return c;
            }
        }
        boolean noFileA = a.isNullAt(file);
        boolean noFileB = b.isNullAt(file);
        if (noFileA != noFileB) {
            return noFileA ? -1 : 1;
        }
        if (!noFileA) {
            c = Integer.compare(a.getInt(file), b.getInt(file));
            if (c != 0) {
                return c;
            }
        }
        return Long.compare(a.getLong(entityRow), b.getLong(entityRow));
    }

    private static int compareNullsFirst(InternalRow a, InternalRow b, int column) {
        boolean nullA = a.isNullAt(column);
        boolean nullB = b.isNullAt(column);
        if (nullA || nullB) {
            return nullA == nullB ? 0 : nullA ? -1 : 1;
        }
        return Long.compare(a.getLong(column), b.getLong(column));
    }

    private final class Walk implements Iterator<InternalRow> {
        private final Iterator<InternalRow> in;
        private final Map<Object, KeyState> states = new HashMap<>();
        /**
         * The rows of the current run, in walk order, each a copy (the sort's iterator reuses its row object);
         * {@code at} is the next one to take.
         */
        private final ArrayList<InternalRow> block = new ArrayList<>();
        private int at;
        /** The first row of the next run, read while finding the current run's end. */
        private InternalRow ahead;
        private long currentHash;
        private boolean started;
        private InternalRow next;

        Walk(Iterator<InternalRow> in) {
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            while (next == null && (at < block.size() || nextBlock())) {
                next = step(block.get(at++));
            }
            return next != null;
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            InternalRow out = next;
            next = null;
            return out;
        }

        /** Reads the next run's rows into {@link #block}, in walk order; false at the partition's end. */
        private boolean nextBlock() {
            block.clear();
            at = 0;
            InternalRow first = ahead != null ? ahead : in.hasNext() ? in.next().copy() : null;
            ahead = null;
            if (first == null) {
                return false;
            }
            block.add(first);
            long r = first.getLong(run);
            while (in.hasNext()) {
                InternalRow row = in.next().copy();
                if (row.getLong(run) != r) {
                    ahead = row;
                    break;
                }
                block.add(row);
            }
            if (block.size() > 1) {
                block.sort(PointInTimeMerge.this::compare);
            }
            return true;
        }

        /** Takes one row in; returns the output row for an entity row, null for a source row. */
        private InternalRow step(InternalRow row) {
            int k = row.getInt(kind);
            Object key = key(row);
            if (k == entityKind && (key == null || row.isNullAt(time))) {
                return emit(row, null, 0);
            }
            long hash = row.getLong(run) >>> 32;
            if (!started || hash != currentHash) {
                states.clear();
                currentHash = hash;
                started = true;
            }
            long t = row.getLong(time);
            KeyState state = states.computeIfAbsent(key, x -> new KeyState());
            if (k == entityKind) {
                return emit(row, state, t);
            }
            state.latestTime[k] = t;
            state.seen[k] = true;
            for (int o = 0; o < outputs.length; o++) {
                Output out = outputs[o];
                if (out.view() != k) {
                    continue;
                }
                if (out.function() == null) {
                    state.plain[o] = value(row, out.slot(), out.type());
                } else {
                    ArrayDeque<WindowAggregate.Entry> window = state.windows[o];
                    // entity rows after this one are at t or later: entries at or before t - w never count again
                    WindowAggregate.evict(window, t - out.windowMicros());
                    if (!row.isNullAt(out.slot())) {
                        window.addLast(new WindowAggregate.Entry(t, value(row, out.slot(), out.type())));
                    }
                }
            }
            return null;
        }

        private InternalRow emit(InternalRow row, KeyState state, long t) {
            Object[] values = new Object[3 + outputs.length];
            values[0] = row.getLong(entityRow);
            values[1] = row.isNullAt(time) ? null : row.getLong(time);
            values[2] = row.getStruct(carry, carryFields);
            if (state != null) {
                for (int o = 0; o < outputs.length; o++) {
                    Output out = outputs[o];
                    if (out.function() == null) {
                        long ttl = ttls[out.view()];
                        boolean fresh = state.seen[out.view()] && (ttl == 0 || state.latestTime[out.view()] >= t - ttl);
                        values[3 + o] = fresh ? state.plain[o] : null;
                    } else {
                        ArrayDeque<WindowAggregate.Entry> window = state.windows[o];
                        WindowAggregate.evict(window, t - out.windowMicros());
                        values[3 + o] = WindowAggregate.of(out, window);
                    }
                }
            }
            return new GenericInternalRow(values);
        }

        private Object key(InternalRow row) {
            if (keys.length == 1) {
                return keyPart(row, 0);
            }
            List<Object> parts = new ArrayList<>(keys.length);
            for (int k = 0; k < keys.length; k++) {
                Object part = keyPart(row, k);
                if (part == null) {
                    return null;
                }
                parts.add(part);
            }
            return parts;
        }

        private Object keyPart(InternalRow row, int k) {
            Object value = value(row, keys[k], keyTypes[k]);
            // byte[] compares by identity: a map key needs its contents
            return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
        }
    }

    /**
     * Column {@code i} of {@code row} as Spark holds it, or null: through the typed getter, since
     * {@code InternalRow.get(i, type)} looks the session's configuration up on every call.
     */
    static Object value(InternalRow row, int i, DataType type) {
        if (row.isNullAt(i)) {
            return null;
        }
        if (type instanceof LongType || type instanceof TimestampType || type instanceof TimestampNTZType) {
            return row.getLong(i);
        }
        if (type instanceof DoubleType) {
            return row.getDouble(i);
        }
        if (type instanceof IntegerType) {
            return row.getInt(i);
        }
        if (type instanceof StringType) {
            return row.getUTF8String(i);
        }
        if (type instanceof FloatType) {
            return row.getFloat(i);
        }
        if (type instanceof BooleanType) {
            return row.getBoolean(i);
        }
        if (type instanceof BinaryType) {
            return row.getBinary(i);
        }
        if (type instanceof ShortType) {
            return row.getShort(i);
        }
        if (type instanceof ByteType) {
            return row.getByte(i);
        }
        return row.get(i, type);
    }
}
