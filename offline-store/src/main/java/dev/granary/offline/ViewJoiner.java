package dev.granary.offline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes one view's result columns for all entity rows. When the view's source rows (estimated from the
 * Parquet footers) fit the budget they are loaded at once; otherwise rows are routed by key id into
 * {@code partitions} spill files ({@link SpillFile}) and joined one partition at a time, so only one partition's source rows
 * are in memory. File order is kept inside each spill file, so the tiebreak is unchanged.
 */
final class ViewJoiner {
    private final ViewPlan plan;
    private final int[] entityKeys;
    private final long[] entityTimes;
    private final int keyCount;
    private final KeyIndex index;
    private final int rows;

    ViewJoiner(ViewPlan plan, KeyIndex index, int[] entityKeys, long[] entityTimes, int rows) {
        this.plan = plan;
        this.index = index;
        this.entityKeys = entityKeys;
        this.entityTimes = entityTimes;
        this.keyCount = index.size();
        this.rows = rows;
    }

    /**
     * Heap bytes the view's source rows may take when loaded: twice the resident size, since arrays grow by copying
     * and a decoded row group is held while it is filtered. From the Parquet footers only.
     */
    static long estimate(ViewPlan plan) {
        return estimate(plan, ParquetScan.rowCount(plan.files));
    }

    /** As {@link #estimate(ViewPlan)} for {@code rows} of the view's source. */
    static long estimate(ViewPlan plan, long rows) {
        return 2 * rows * plan.bytesPerRow();
    }

    /** The default budget of source rows held at once: a quarter of the maximum heap. */
    static long defaultBudget() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    /** Partitions that bring {@code estimatedBytes} within {@code budgetBytes}: at least 1, at most 256. */
    static int partitions(long estimatedBytes, long budgetBytes) {
        return (int) Math.max(1, Math.min(256, (estimatedBytes + budgetBytes - 1) / Math.max(1, budgetBytes)));
    }

    ColumnData[] run(int partitions, long minTime, long maxTime, Path spillRoot) throws IOException {
        ColumnData[] results = new ColumnData[plan.outputs.size()];
        for (int o = 0; o < results.length; o++) {
            ViewPlan.Output out = plan.outputs.get(o);
            results[o] = ColumnData.filledWithNulls(PointInTimeJoin.resultKind(out.function(), plan.kind(out.column())), rows);
        }
        if (keyCount == 0) {
            return results;
        }
        ParquetScan scan = new ParquetScan(plan.columns, true).timeRange(plan.source.timestampField(), minTime, maxTime);
        int keyColumns = plan.keys.size();
        if (partitions == 1) {
            SourceRows src = new SourceRows(plan);
            scan.scan(plan.files, (chunk, n) -> src.append(chunk, n, ids(chunk, n, keyColumns), minTime, maxTime));
            join(src, 1, 0, results);
            return results;
        }
        Path dir = Files.createTempDirectory(spillRoot, "granary-spill-" + plan.view.name() + "-");
        try {
            List<Path> files = spill(scan, partitions, minTime, maxTime, dir);
            for (int p = 0; p < partitions; p++) {
                join(readSpill(files.get(p)), partitions, p, results);
                Files.deleteIfExists(files.get(p));
            }
        } finally {
            try (var stream = Files.list(dir)) {
                for (Path f : stream.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
        return results;
    }

    private int[] ids(ColumnData[] chunk, int n, int keyColumns) {
        ColumnData[] keys = java.util.Arrays.copyOf(chunk, keyColumns);
        int[] ids = new int[n];
        for (int r = 0; r < n; r++) {
            ids[r] = index.idOf(keys, r, false);
        }
        return ids;
    }

    private void join(SourceRows src, int partitions, int partition, ColumnData[] results) {
        KeyGroups srcGroups = KeyGroups.of(src.keys, src.size, keyCount, partitions, partition, src.times, src.created);
        KeyGroups entityGroups = KeyGroups.of(entityKeys, rows, keyCount, partitions, partition, entityTimes, null);
        PointInTimeJoin.run(plan, src, srcGroups, entityGroups, entityTimes, results);
    }

    private List<Path> spill(ParquetScan scan, int partitions, long minTime, long maxTime, Path dir) throws IOException {
        ColumnData.Kind[] kinds = new ColumnData.Kind[plan.columns.size() - plan.firstValueColumn];
        for (int v = 0; v < kinds.length; v++) {
            kinds[v] = plan.kind(plan.firstValueColumn + v);
        }
        List<Path> files = new ArrayList<>();
        List<SpillFile> spills = new ArrayList<>();
        // every partition buffers one block while the source is routed: with many partitions, full blocks would
        // outgrow the budget, so all blocks together stay within a quarter of one partition's share
        long share = estimate(plan) / partitions;
        int blockRows = (int) Math.max(256, Math.min(SpillFile.BLOCK_ROWS,
                share / 4 / ((long) partitions * plan.bytesPerRow())));
        try {
            for (int p = 0; p < partitions; p++) {
                Path f = dir.resolve("part-" + p + ".spill");
                files.add(f);
                spills.add(new SpillFile(f, kinds, blockRows));
            }
            int keyColumns = plan.keys.size();
            scan.scan(plan.files, (chunk, n) -> {
                int[] ids = ids(chunk, n, keyColumns);
                ColumnData[] values = java.util.Arrays.copyOfRange(chunk, plan.firstValueColumn, chunk.length);
                ColumnData time = chunk[plan.timeColumn];
                ColumnData created = plan.createdColumn >= 0 ? chunk[plan.createdColumn] : null;
                for (int r = 0; r < n; r++) {
                    if (ids[r] < 0 || time.isNull(r) || time.longs[r] < minTime || time.longs[r] > maxTime) {
                        continue;
                    }
                    long c = created == null || created.isNull(r) ? Long.MIN_VALUE : created.longs[r];
                    spills.get(ids[r] % partitions).add(ids[r], time.longs[r], c, values, r);
                }
            });
        } finally {
            IOException failure = null;
            for (SpillFile spill : spills) {
                try {
                    spill.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        return files;
    }

    private SourceRows readSpill(Path file) throws IOException {
        long bytes = Files.size(file);
        SourceRows src = new SourceRows(plan, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(1024, bytes / 20)));
        SpillFile.read(file, src);
        return src;
    }
}
