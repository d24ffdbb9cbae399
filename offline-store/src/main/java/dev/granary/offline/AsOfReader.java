package dev.granary.offline;

import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The as-of read of one view for materialization: the latest row per key within {@code [start, end]}. The rows of
 * the range are held in memory; when they would not fit the budget (estimated from the Parquet footers of the row
 * groups that overlap the range) the keys are split by hash into partitions, each read in its own pass over the
 * source, so memory stays near one partition's share whatever the size of the source.
 */
final class AsOfReader {
    private AsOfReader() {
    }

    static void read(RepoSpec spec, FeatureViewSpec view, Instant start, Instant end, Path root, int batchSize,
                     Consumer<AsOfBatch> sink) {
        read(spec, view, start, end, root, batchSize, sink, ViewJoiner.defaultBudget());
    }

    /** As {@link #read}, within {@code budgetBytes} of source rows at once; returns the number of passes made. */
    static int read(RepoSpec spec, FeatureViewSpec view, Instant start, Instant end, Path root, int batchSize,
                    Consumer<AsOfBatch> sink, long budgetBytes) {
        ViewPlan plan = new ViewPlan(spec, view, view.featureNames(), root);
        long from = ParquetTables.toMicros(start);
        long to = ParquetTables.toMicros(end);
        ParquetScan scan = new ParquetScan(plan.columns, true).timeRange(plan.source.timestampField(), from, to);
        int partitions = ViewJoiner.partitions(ViewJoiner.estimate(plan, scan.rowsInRange(plan.files)), budgetBytes);
        for (int p = 0; p < partitions; p++) {
            readPartition(plan, scan, from, to, batchSize, sink, p, partitions);
        }
        return partitions;
    }

    private static void readPartition(ViewPlan plan, ParquetScan scan, long from, long to, int batchSize,
                                      Consumer<AsOfBatch> sink, int partition, int partitions) {
        int keyColumns = plan.keys.size();
        SourceRows src = new SourceRows(plan);
        KeyIndex[] index = {null};
        List<Object[]> keyValues = new ArrayList<>();
        scan.scan(plan.files, (chunk, n) -> {
            ColumnData[] keys = java.util.Arrays.copyOf(chunk, keyColumns);
            if (index[0] == null) {
                index[0] = KeyIndex.forColumns(keys, 1024);
            }
            ColumnData time = chunk[plan.timeColumn];
            int[] ids = new int[n];
            for (int r = 0; r < n; r++) {
                if (time.isNull(r) || time.longs[r] < from || time.longs[r] > to
                        || (partitions > 1 && partitionOf(keys, r, partitions) != partition)) {
                    ids[r] = -1;
                    continue;
                }
                int before = index[0].size();
                ids[r] = index[0].idOf(keys, r, true);
                if (index[0].size() > before) {
                    Object[] values = new Object[keyColumns];
                    for (int k = 0; k < keyColumns; k++) {
                        values[k] = ParquetTables.value(keys[k], r, plan.keys.get(k).type());
                    }
                    keyValues.add(values);
                }
            }
            src.append(chunk, n, ids, from, to);
        });
        if (index[0] == null || index[0].size() == 0) {
            return;
        }
        emit(plan, src, index[0], keyValues, to, batchSize, sink);
    }

    private static void emit(ViewPlan plan, SourceRows src, KeyIndex index, List<Object[]> keyValues, long to,
                             int batchSize, Consumer<AsOfBatch> sink) {
        FeatureViewSpec view = plan.view;
        KeyGroups groups = KeyGroups.of(src.keys, src.size, index.size(), 1, 0, src.times, src.created);
        boolean plain = plan.hasPlain();
        List<String> keyNames = plan.keys.stream().map(k -> k.name()).toList();
        List<AsOfBatch.Row> rows = new ArrayList<>();
        for (int k = 0; k < groups.keys(); k++) {
            int s0 = groups.starts[k];
            int s1 = groups.starts[k + 1];
            if (s0 == s1) {
                continue;
            }
            int last = groups.order[s1 - 1];
            long lastTime = src.times[last];
            if (plain && plan.ttlMicros > 0 && lastTime < to - plan.ttlMicros) {
                continue;
            }
            List<Object> values = new ArrayList<>();
            for (ViewPlan.Output out : plan.outputs) {
                ColumnData column = src.values[out.column() - plan.firstValueColumn];
                if (out.function() == null) {
                    values.add(ParquetTables.value(column, last, out.type()));
                } else {
                    int lo = s0;
                    while (lo < s1 && src.times[groups.order[lo]] <= to - out.windowMicros()) {
                        lo++;
                    }
                    ColumnData result = ColumnData.filledWithNulls(PointInTimeJoin.resultKind(out.function(), column.kind), 1);
                    PointInTimeJoin.aggregate(out.function(), column, groups.order, lo, s1, result, 0);
                    values.add(ParquetTables.value(result, 0, out.type()));
                }
            }
            rows.add(new AsOfBatch.Row(List.of(keyValues.get(k)), values, ParquetTables.micros(lastTime)));
            if (rows.size() == batchSize) {
                sink.accept(new AsOfBatch(view.name(), keyNames, view.featureNames(), rows));
                rows.clear();
            }
        }
        if (!rows.isEmpty()) {
            sink.accept(new AsOfBatch(view.name(), keyNames, view.featureNames(), rows));
        }
    }

    /** The partition of row {@code r}'s key: equal keys always land in the same one, whichever chunk holds them. */
    static int partitionOf(ColumnData[] keys, int r, int partitions) {
        long h = 17;
        for (ColumnData key : keys) {
            long v;
            if (key.isNull(r)) {
                v = 0x5bd1e995L;
            } else {
                v = switch (key.kind) {
                    case LONG -> key.longs[r];
                    case DOUBLE -> Double.doubleToLongBits(key.doubles[r]);
                    // strings arrive as Parquet Binary values, whose hash code is their content's
                    case OBJECT -> key.objects[r].hashCode();
                };
            }
            h = (h ^ v) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        return (int) Math.floorMod(h, (long) partitions);
    }
}
