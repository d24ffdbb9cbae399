package dev.granary.offline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Computes one view's result columns for all entity rows. When the view's source rows (estimated from the
 * Parquet footers) fit the budget they are loaded at once; otherwise rows are routed by key id into
 * {@code partitions} Parquet spill files and joined one partition at a time, so only one partition's source rows
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

    /** The number of partitions needed for {@code budget} bytes. */
    int partitionsFor(long budget) {
        // twice the resident size: arrays grow by copying and a decoded row group is held while it is filtered
        long estimate = 2 * ParquetScan.rowCount(plan.files) * plan.bytesPerRow();
        return (int) Math.max(1, Math.min(256, (estimate + budget - 1) / Math.max(1, budget)));
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

    /** Spill layout: key id, event time, created time (if any), then the value columns. */
    private MessageType spillSchema() {
        List<Type> fields = new ArrayList<>();
        fields.add(Types.required(PrimitiveTypeName.INT32).named("k"));
        fields.add(Types.required(PrimitiveTypeName.INT64).named("t"));
        if (plan.createdColumn >= 0) {
            fields.add(Types.optional(PrimitiveTypeName.INT64).named("c"));
        }
        for (int c = plan.firstValueColumn; c < plan.columns.size(); c++) {
            PrimitiveTypeName physical = switch (plan.kind(c)) {
                case LONG -> PrimitiveTypeName.INT64;
                case DOUBLE -> PrimitiveTypeName.DOUBLE;
                case OBJECT -> PrimitiveTypeName.BINARY;
            };
            fields.add(Types.optional(physical).named("v" + c));
        }
        return new MessageType("spill", fields);
    }

    private List<Path> spill(ParquetScan scan, int partitions, long minTime, long maxTime, Path dir) throws IOException {
        MessageType schema = spillSchema();
        List<Path> files = new ArrayList<>();
        List<ParquetWriter<Integer>> writers = new ArrayList<>();
        List<ColumnarWriteSupport> supports = new ArrayList<>();
        long rowGroup = 1L << 20;
        try {
            for (int p = 0; p < partitions; p++) {
                Path f = dir.resolve("part-" + p + ".parquet");
                ColumnarWriteSupport support = new ColumnarWriteSupport(schema);
                files.add(f);
                supports.add(support);
                writers.add(ColumnarWriteSupport.open(f, support, rowGroup, true));
            }
            int keyColumns = plan.keys.size();
            scan.scan(plan.files, (chunk, n) -> {
                int[] ids = ids(chunk, n, keyColumns);
                ColumnData idColumn = new ColumnData(ColumnData.Kind.LONG, n);
                for (int r = 0; r < n; r++) {
                    idColumn.appendLong(ids[r]);
                }
                List<ColumnData> batch = new ArrayList<>();
                batch.add(idColumn);
                batch.add(chunk[plan.timeColumn]);
                if (plan.createdColumn >= 0) {
                    batch.add(chunk[plan.createdColumn]);
                }
                for (int c = plan.firstValueColumn; c < plan.columns.size(); c++) {
                    batch.add(chunk[c]);
                }
                ColumnData[] columns = batch.toArray(ColumnData[]::new);
                supports.forEach(s -> s.batch(columns));
                ColumnData time = chunk[plan.timeColumn];
                for (int r = 0; r < n; r++) {
                    if (ids[r] < 0 || time.isNull(r) || time.longs[r] < minTime || time.longs[r] > maxTime) {
                        continue;
                    }
                    writers.get(ids[r] % partitions).write(r);
                }
            });
        } finally {
            for (ParquetWriter<Integer> w : writers) {
                w.close();
            }
        }
        return files;
    }

    private SourceRows readSpill(Path file) {
        SourceRows src = new SourceRows(plan, Math.toIntExact(ParquetScan.rowCount(List.of(file))));
        List<String> names = new ArrayList<>(List.of("k", "t"));
        if (plan.createdColumn >= 0) {
            names.add("c");
        }
        for (int c = plan.firstValueColumn; c < plan.columns.size(); c++) {
            names.add("v" + c);
        }
        new ParquetScan(names, false).scan(List.of(file), (chunk, n) -> {
            ColumnData[] layout = new ColumnData[plan.columns.size()];
            layout[plan.timeColumn] = chunk[1];
            int next = 2;
            if (plan.createdColumn >= 0) {
                layout[plan.createdColumn] = chunk[next++];
            }
            for (int c = plan.firstValueColumn; c < plan.columns.size(); c++) {
                layout[c] = chunk[next++];
            }
            int[] ids = new int[n];
            int[] selected = new int[n];
            for (int r = 0; r < n; r++) {
                ids[r] = (int) chunk[0].longs[r];
                selected[r] = r;
            }
            src.appendSelected(layout, ids, selected, n);
        });
        return src;
    }
}
