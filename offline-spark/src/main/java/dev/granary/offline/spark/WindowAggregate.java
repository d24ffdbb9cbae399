package dev.granary.offline.spark;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The window aggregations of {@link PointInTimeMerge}: a key's window is its source values in time order, trimmed
 * to {@code (t - window, t]} as the walk reaches each entity row at time {@code t}. Only JDK classes, as the walk
 * runs on the executors.
 */
final class WindowAggregate {
    private WindowAggregate() {
    }

    /** One source value of a window, at its event time in micros. */
    record Entry(long time, Object value) {
    }

    /** Drops the entries at or before {@code start}: the window is {@code (start, t]}. */
    static void evict(ArrayDeque<Entry> window, long start) {
        while (!window.isEmpty() && window.peekFirst().time() <= start) {
            window.pollFirst();
        }
    }

    /**
     * The aggregate of the window's non-null values in time order, as the in-process engine sums them: COUNT and
     * integer SUM as longs, MEAN and floating SUM as doubles, MIN/MAX in the column's own type (timestamps as micros,
     * strings as UTF8String, both by their natural order); null over no values (COUNT: 0).
     */
    static Object of(PointInTimeMerge.Output out, ArrayDeque<Entry> window) {
        PointInTimeMerge.Function f = out.function();
        if (f == PointInTimeMerge.Function.COUNT) {
            return (long) window.size();
        }
        if (window.isEmpty()) {
            return null;
        }
        Object first = window.peekFirst().value();
        if (f == PointInTimeMerge.Function.MIN || f == PointInTimeMerge.Function.MAX) {
            Object best = null;
            for (Entry e : window) {
                Object v = e.value();
                if (best == null || (f == PointInTimeMerge.Function.MIN ? compare(v, best) < 0 : compare(v, best) > 0)) {
                    best = v;
                }
            }
            return best;
        }
        if (out.integral() && f == PointInTimeMerge.Function.SUM) {
            long acc = 0;
            for (Entry e : window) {
                acc += ((Number) e.value()).longValue();
            }
            return acc;
        }
        if (!(first instanceof Number)) {
            throw new IllegalStateException(f + " of a " + first.getClass().getSimpleName() + " column");
        }
        double acc = 0;
        for (Entry e : window) {
            acc += ((Number) e.value()).doubleValue();
        }
        return f == PointInTimeMerge.Function.MEAN ? acc / window.size() : acc;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y);
        }
        if (a instanceof Float x && b instanceof Float y) {
            return Float.compare(x, y);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.compareUnsigned(x, y);
        }
        return ((Comparable) a).compareTo(b);
    }
}
