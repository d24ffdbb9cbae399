package dev.granary.offline;

import dev.granary.spec.FeatureRef;
import dev.granary.spec.JoinKey;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * One export: reads the entity table's keys and timestamps, joins each requested view (views at once, each
 * within its share of the budget), then streams the entity table a second time, row group by row group, writing
 * its columns unchanged followed by the result columns into a temporary file that replaces the output at the end.
 */
final class Exporter {
    private final ExportRequest request;
    private final ProgressListener progress;
    private final int threads;

    Exporter(ExportRequest request, ProgressListener progress, int threads) {
        this.request = request;
        this.progress = progress;
        this.threads = threads;
    }

    private record Requested(FeatureRef ref, int view, int output, String column) {
    }

    /** Writes the output file, or with a {@code sink} hands it the rows instead. */
    ExportResult run(TrainingSetSink sink) {
        long started = System.nanoTime();
        Map<String, List<String>> byView = new LinkedHashMap<>();
        for (FeatureRef ref : request.features()) {
            request.viewOf(ref);
            List<String> features = byView.computeIfAbsent(ref.view(), v -> new ArrayList<>());
            if (!features.contains(ref.feature())) {
                features.add(ref.feature());
            }
        }
        List<ViewPlan> plans = new ArrayList<>();
        byView.forEach((view, features) -> plans.add(new ViewPlan(request.spec(),
                request.spec().featureView(view).orElseThrow(), features, request.offlineRoot())));

        Path entityFile = request.entityTable();
        if (!Files.isRegularFile(entityFile)) {
            throw new OfflineStoreException("entity table " + entityFile + " does not exist; give a Parquet file");
        }
        MessageType entitySchema = ParquetScan.schemaOf(entityFile);
        List<Requested> requested = outputs(plans, entitySchema);

        // Pass 1: the entity keys and timestamps of every view.
        List<String> keyColumns = new ArrayList<>();
        for (ViewPlan plan : plans) {
            for (JoinKey key : plan.keys) {
                checkEntityColumn(entitySchema, key.name(), key.type(), plan.view.name());
                if (!keyColumns.contains(key.name())) {
                    keyColumns.add(key.name());
                }
            }
        }
        String tsColumn = request.timestampColumn();
        checkEntityColumn(entitySchema, tsColumn, ValueType.TIMESTAMP, null);
        keyColumns.add(tsColumn);
        progress.progress("read-entities", 0, -1);
        ColumnData[] entity = new ColumnData[keyColumns.size()];
        int[] total = {0};
        new ParquetScan(keyColumns, true).scan(List.of(entityFile), (chunk, n) -> {
            for (int c = 0; c < chunk.length; c++) {
                if (entity[c] == null) {
                    entity[c] = chunk[c];
                } else {
                    for (int r = 0; r < n; r++) {
                        entity[c].appendFrom(chunk[c], r);
                    }
                }
            }
            total[0] += n;
        });
        int rows = total[0];
        if (entity[0] == null) {
            for (int c = 0; c < entity.length; c++) {
                entity[c] = new ColumnData(ColumnData.Kind.LONG, 1);
            }
        }
        ColumnData ts = entity[entity.length - 1];
        long[] times = ts.longs;
        progress.progress("read-entities", rows, rows);

        // Join every view.
        long budget = request.memoryBudgetBytes() > 0 ? request.memoryBudgetBytes() : ViewJoiner.defaultBudget();
        // more views than cores run at once: the operating system then balances unequal views across the cores
        int parallel = Math.max(1, Math.min(2 * threads, plans.size()));
        // views run at once, so together they must fit: each view is cut into the same number of partitions,
        // which gives each a share of the budget proportional to its size
        long estimated = 0;
        for (ViewPlan plan : plans) {
            estimated += ViewJoiner.estimate(plan);
        }
        int sharedPartitions = ViewJoiner.partitions(estimated, budget);
        ColumnData[][] results = new ColumnData[plans.size()][];
        int[] partitions = new int[plans.size()];
        AtomicInteger joined = new AtomicInteger();
        progress.progress("join", 0, plans.size());
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "granary-export");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int v = 0; v < plans.size(); v++) {
                int view = v;
                futures.add(pool.submit(() -> {
                    ViewPlan plan = plans.get(view);
                    ColumnData[] keys = new ColumnData[plan.keys.size()];
                    for (int k = 0; k < keys.length; k++) {
                        keys[k] = entity[keyColumns.indexOf(plan.keys.get(k).name())];
                    }
                    KeyIndex index = KeyIndex.forColumns(keys, rows);
                    int[] ids = index.assign(keys, rows);
                    long min = Long.MAX_VALUE;
                    long max = Long.MIN_VALUE;
                    for (int r = 0; r < rows; r++) {
                        if (ts.isNull(r)) {
                            ids[r] = -1;
                        } else if (ids[r] >= 0) {
                            min = Math.min(min, times[r]);
                            max = Math.max(max, times[r]);
                        }
                    }
                    long back = plan.lookback();
                    long from = back == Long.MAX_VALUE || min == Long.MAX_VALUE ? Long.MIN_VALUE : min - back;
                    ViewJoiner joiner = new ViewJoiner(plan, index, ids, times, rows);
                    partitions[view] = sharedPartitions;
                    results[view] = joiner.run(partitions[view], from, max, spillRoot());
                    progress.progress("join", joined.incrementAndGet(), plans.size());
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new OfflineStoreException("export failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OfflineStoreException("export interrupted", e);
        } finally {
            pool.shutdownNow();
        }

        if (sink == null) {
            write(entityFile, entitySchema, requested, plans, results, rows);
        } else {
            stream(entityFile, entitySchema, requested, plans, results, rows, sink);
        }
        List<Path> sources = new ArrayList<>();
        plans.forEach(p -> sources.addAll(p.files));
        int maxPartitions = 1;
        for (int p : partitions) {
            maxPartitions = Math.max(maxPartitions, p);
        }
        return new ExportResult(rows, request.output(), request.features(),
                requested.stream().map(Requested::column).toList(), InputFingerprint.ofLocal(entityFile, sources),
                Duration.ofNanos(System.nanoTime() - started), maxPartitions);
    }

    private Path spillRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private List<Requested> outputs(List<ViewPlan> plans, MessageType entitySchema) {
        List<Requested> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        entitySchema.getFields().forEach(f -> names.add(f.getName()));
        for (FeatureRef ref : request.features()) {
            int view = 0;
            while (!plans.get(view).view.name().equals(ref.view())) {
                view++;
            }
            ViewPlan plan = plans.get(view);
            int output = 0;
            while (!plan.outputs.get(output).feature().equals(ref.feature())) {
                output++;
            }
            String column = request.claimOutputColumn(ref, names);
            out.add(new Requested(ref, view, output, column));
        }
        return out;
    }

    private void checkEntityColumn(MessageType schema, String column, ValueType type, String view) {
        String file = request.entityTable().toString();
        if (!schema.containsField(column)) {
            throw new OfflineStoreException("entity table " + file + " has no column '" + column + "'"
                    + (view == null ? " (the timestamp column); name it with --timestamp-column"
                            : " (a join key of view '" + view + "'); add it to the entity table"));
        }
        ValueType actual = ParquetTypes.valueType(schema.getType(column)).orElse(null);
        boolean ok = actual != null && (ParquetTypes.compatible(type, actual)
                || (type == ValueType.INT32 && actual == ValueType.INT64));
        if (!ok) {
            throw new OfflineStoreException("column '" + column + "' of entity table " + file + " is "
                    + (actual == null ? schema.getType(column) : actual) + " but " + type + " is needed; convert the column");
        }
    }

    private void stream(Path entityFile, MessageType entitySchema, List<Requested> requested, List<ViewPlan> plans,
                        ColumnData[][] results, int rows, TrainingSetSink sink) {
        List<ParquetTables.Column> columns = new ArrayList<>();
        for (Type field : entitySchema.getFields()) {
            ValueType type = ParquetTypes.valueType(field).filter(t -> !t.isList()).orElseThrow(() ->
                    new OfflineStoreException("column '" + field.getName() + "' of entity table " + request.entityTable()
                            + " is " + field + ", which cannot be streamed; drop the column or export to a file"));
            columns.add(new ParquetTables.Column(field.getName(), type));
        }
        for (Requested r : requested) {
            columns.add(new ParquetTables.Column(r.column(), plans.get(r.view()).outputs.get(r.output()).type()));
        }
        List<ParquetTables.Column> schema = List.copyOf(columns);
        sink.start(schema);
        List<String> inputColumns = entitySchema.getFields().stream().map(Type::getName).toList();
        int[] done = {0};
        progress.progress("write", 0, rows);
        new ParquetScan(inputColumns, true).scan(List.of(entityFile), (chunk, n) -> {
            ColumnData[] batch = new ColumnData[schema.size()];
            int[] offsets = new int[schema.size()];
            System.arraycopy(chunk, 0, batch, 0, chunk.length);
            for (int i = 0; i < requested.size(); i++) {
                Requested r = requested.get(i);
                batch[chunk.length + i] = results[r.view()][r.output()];
                offsets[chunk.length + i] = done[0];
            }
            sink.batch(new TrainingSetBatch(schema, batch, offsets, n));
            done[0] += n;
            progress.progress("write", done[0], rows);
        });
    }

    private void write(Path entityFile, MessageType entitySchema, List<Requested> requested, List<ViewPlan> plans,
                       ColumnData[][] results, int rows) {
        List<Type> fields = new ArrayList<>(entitySchema.getFields());
        for (Requested r : requested) {
            fields.add(ParquetTypes.outputType(r.column(), plans.get(r.view()).outputs.get(r.output()).type()));
        }
        MessageType schema = new MessageType("granary_training_set", fields);
        Path output = request.output().toAbsolutePath();
        Path tmp = output.resolveSibling("." + output.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(output.getParent());
            ColumnarWriteSupport support = new ColumnarWriteSupport(schema);
            List<String> inputColumns = entitySchema.getFields().stream().map(Type::getName).toList();
            int[] done = {0};
            progress.progress("write", 0, rows);
            try (ParquetWriter<Integer> writer = ColumnarWriteSupport.open(tmp, support, 128L << 20)) {
                new ParquetScan(inputColumns, false).scan(List.of(entityFile), (chunk, n) -> {
                    ColumnData[] batch = new ColumnData[fields.size()];
                    int[] offsets = new int[fields.size()];
                    System.arraycopy(chunk, 0, batch, 0, chunk.length);
                    for (int i = 0; i < requested.size(); i++) {
                        Requested r = requested.get(i);
                        batch[chunk.length + i] = results[r.view()][r.output()];
                        offsets[chunk.length + i] = done[0];
                    }
                    support.batch(batch, offsets);
                    for (int row = 0; row < n; row++) {
                        writer.write(row);
                    }
                    done[0] += n;
                    progress.progress("write", done[0], rows);
                });
            }
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new OfflineStoreException("cannot write the training set to " + output + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: a leftover temporary file does not change the output
            }
        }
    }
}
