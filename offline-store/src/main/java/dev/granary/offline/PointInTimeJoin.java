package dev.granary.offline;

import dev.granary.spec.AggregationFunction;

/**
 * The merge walk of one view (or one key partition of it): for each key, entity rows in time order against the
 * key's source rows in (event time, created time, file position) order. One pointer marks the rows with
 * {@code event_ts <= t}; the last of them is the point-in-time row (the tiebreaks are in the sort order). Each
 * aggregation keeps a second pointer at the window start, so a window covers {@code (t - w, t]}. Results are
 * written by the entity row's original index.
 */
final class PointInTimeJoin {
    private PointInTimeJoin() {
    }

    static void run(ViewPlan plan, SourceRows src, KeyGroups srcGroups, KeyGroups entityGroups, long[] entityTimes,
                    ColumnData[] results) {
        int outputs = plan.outputs.size();
        int[] columns = new int[outputs];
        AggregationFunction[] functions = new AggregationFunction[outputs];
        long[] windows = new long[outputs];
        for (int o = 0; o < outputs; o++) {
            ViewPlan.Output out = plan.outputs.get(o);
            columns[o] = out.column() - plan.firstValueColumn;
            functions[o] = out.function();
            windows[o] = out.windowMicros();
        }
        long ttl = plan.ttlMicros;
        int[] sorder = srcGroups.order;
        long[] times = srcGroups.times;
        long[] entitySorted = entityGroups.times;
        int[] lo = new int[outputs];
        for (int k = 0; k < entityGroups.keys(); k++) {
            int e0 = entityGroups.starts[k];
            int e1 = entityGroups.starts[k + 1];
            if (e0 == e1) {
                continue;
            }
            int s0 = srcGroups.starts[k];
            int s1 = srcGroups.starts[k + 1];
            int p = s0;
            java.util.Arrays.fill(lo, s0);
            for (int ei = e0; ei < e1; ei++) {
                int e = entityGroups.order[ei];
                long t = entitySorted[ei];
                while (p < s1 && times[p] <= t) {
                    p++;
                }
                for (int o = 0; o < outputs; o++) {
                    ColumnData values = src.values == null ? null : src.values[columns[o]];
                    if (functions[o] == null) {
                        if (p > s0) {
                            if (ttl == 0 || times[p - 1] >= t - ttl) {
                                results[o].setFrom(e, values, sorder[p - 1]);
                            }
                        }
                    } else {
                        long start = t - windows[o];
                        int l = lo[o];
                        while (l < p && times[l] <= start) {
                            l++;
                        }
                        lo[o] = l;
                        aggregate(functions[o], values, sorder, l, p, results[o], e);
                    }
                }
            }
        }
    }

    static void aggregate(AggregationFunction f, ColumnData values, int[] order, int from, int to, ColumnData out, int row) {
        long count = 0;
        if (f == AggregationFunction.COUNT) {
            for (int i = from; i < to; i++) {
                if (!values.isNull(order[i])) {
                    count++;
                }
            }
            out.setLong(row, count);
            return;
        }
        if (values.kind == ColumnData.Kind.LONG && f != AggregationFunction.MEAN) {
            long acc = f == AggregationFunction.MIN ? Long.MAX_VALUE : f == AggregationFunction.MAX ? Long.MIN_VALUE : 0;
            for (int i = from; i < to; i++) {
                int j = order[i];
                if (values.isNull(j)) {
                    continue;
                }
                long v = values.longs[j];
                acc = switch (f) {
                    case SUM -> acc + v;
                    case MIN -> Math.min(acc, v);
                    default -> Math.max(acc, v);
                };
                count++;
            }
            if (count > 0) {
                out.setLong(row, acc);
            }
            return;
        }
        double acc = f == AggregationFunction.MIN ? Double.POSITIVE_INFINITY
                : f == AggregationFunction.MAX ? Double.NEGATIVE_INFINITY : 0;
        boolean isLong = values.kind == ColumnData.Kind.LONG;
        for (int i = from; i < to; i++) {
            int j = order[i];
            if (values.isNull(j)) {
                continue;
            }
            double v = isLong ? values.longs[j] : values.doubles[j];
            acc = switch (f) {
                case SUM, MEAN -> acc + v;
                case MIN -> Math.min(acc, v);
                default -> Math.max(acc, v);
            };
            count++;
        }
        if (count > 0) {
            out.setDouble(row, f == AggregationFunction.MEAN ? acc / count : acc);
        }
    }

    /** The kind of the result column of an output over a value column of kind {@code source}. */
    static ColumnData.Kind resultKind(AggregationFunction f, ColumnData.Kind source) {
        if (f == null) {
            return source;
        }
        return switch (f) {
            case COUNT -> ColumnData.Kind.LONG;
            case MEAN -> ColumnData.Kind.DOUBLE;
            default -> source;
        };
    }
}
