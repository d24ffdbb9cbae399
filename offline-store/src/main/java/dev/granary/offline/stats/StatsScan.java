package dev.granary.offline.stats;

import dev.granary.offline.OfflineStoreException;
import dev.granary.offline.ParquetTypes;
import dev.granary.offline.ProgressListener;
import dev.granary.offline.RowGroupPruning;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * One pass over a source's Parquet files, feeding each requested column's values of the rows whose event time lies
 * in {@code [startMicros, endMicros]} to its {@link ColumnSummary}. Row groups whose event-time statistics lie
 * outside the range are skipped; past {@link StatisticsSampling#maxRows()} only row groups spread evenly over the
 * rest are read. The row groups are shared among up to one thread per core (each takes the next one left), each
 * with summaries of its own, merged at the end. Values go straight from the column readers into the sketches; only a row
 * group's in-range mask is held per thread, so memory is bounded by the row-group size, not the data.
 */
final class StatsScan {
    /** Without Hadoop's XML defaults, whose parsing would dominate reading a small file. */
    private static final ParquetConfiguration CONF =
            new HadoopParquetConfiguration(new org.apache.hadoop.conf.Configuration(false));

    /** Decoded strings kept per column and row group, at most; a dictionary page holds at most a few thousand. */
    private static final int DECODED = 4096;

    private final String timeColumn;
    private final long startMicros;
    private final long endMicros;
    private final Supplier<Map<String, ColumnSummary>> newSummaries;
    private final StatisticsSampling sampling;
    private final List<String> columns;
    private Map<String, ColumnSummary> summaries;
    private long minEvent = Long.MAX_VALUE;
    private long maxEvent = Long.MIN_VALUE;

    /** @param newSummaries fresh, empty summaries of the columns to read, keyed by column; called once per thread */
    StatsScan(String timeColumn, long startMicros, long endMicros, Supplier<Map<String, ColumnSummary>> newSummaries,
              StatisticsSampling sampling) {
        this.timeColumn = timeColumn;
        this.startMicros = startMicros;
        this.endMicros = endMicros;
        this.newSummaries = newSummaries;
        this.sampling = sampling;
        this.columns = List.copyOf(newSummaries.get().keySet());
    }

    static ParquetFileReader open(Path file) throws IOException {
        return ParquetFileReader.open(new LocalInputFile(file), ParquetReadOptions.builder(CONF).build());
    }

    /** The summaries of the pass, keyed by column (after {@link #scan}). */
    Map<String, ColumnSummary> summaries() {
        return summaries;
    }

    /** Event-time range of the rows read, epoch micros; {@code Long.MAX_VALUE} when no row was in range. */
    long minEventMicros() {
        return minEvent;
    }

    long maxEventMicros() {
        return maxEvent;
    }

    /** A row group to read: its file and index there. */
    private record Group(Path file, int index, long rows) {
    }

    void scan(List<Path> files, long totalRows, String phase, ProgressListener progress) {
        progress.progress(phase, 0, totalRows);
        List<Group> groups = sample(plan(files));
        int threads = Math.max(1, Math.min(groups.size(), Runtime.getRuntime().availableProcessors()));
        long goal = groups.stream().mapToLong(Group::rows).sum();
        AtomicLong done = new AtomicLong();
        List<Part> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            parts.add(new Part(newSummaries.get()));
        }
        AtomicInteger next = new AtomicInteger();
        if (threads == 1) {
            parts.getFirst().run(groups, next, done, goal, phase, progress);
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread thread = new Thread(r, "granary-statistics");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Part part : parts) {
                    futures.add(pool.submit(() -> part.run(groups, next, done, goal, phase, progress)));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new OfflineStoreException("statistics failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OfflineStoreException("statistics interrupted", e);
            } finally {
                pool.shutdownNow();
            }
        }
        summaries = parts.getFirst().summaries;
        for (Part part : parts) {
            if (part != parts.getFirst()) {
                summaries.forEach((column, summary) -> summary.merge(part.summaries.get(column)));
            }
            minEvent = Math.min(minEvent, part.minEvent);
            maxEvent = Math.max(maxEvent, part.maxEvent);
        }
        progress.progress(phase, totalRows, totalRows);
    }

    /** The row groups of {@code files} that may hold rows in the time range; checks each file has the columns. */
    private List<Group> plan(List<Path> files) {
        List<Group> out = new ArrayList<>();
        for (Path file : files) {
            try (ParquetFileReader reader = open(file)) {
                MessageType schema = reader.getFooter().getFileMetaData().getSchema();
                requested(file, schema);
                List<BlockMetaData> blocks = reader.getRowGroups();
                for (int i = 0; i < blocks.size(); i++) {
                    if (RowGroupPruning.mayOverlap(blocks.get(i), timeColumn,
                            schema.getType(timeColumn).asPrimitiveType(), startMicros, endMicros)) {
                        out.add(new Group(file, i, blocks.get(i).getRowCount()));
                    }
                }
            } catch (IOException e) {
                throw unreadable(file, e);
            }
        }
        return out;
    }

    /** All of {@code groups}, or past the row limit the fewest spread evenly over them that reach it. */
    private List<Group> sample(List<Group> groups) {
        long rows = groups.stream().mapToLong(Group::rows).sum();
        if (rows <= sampling.maxRows()) {
            return groups;
        }
        for (int k = (int) Math.max(1, (double) groups.size() * sampling.maxRows() / rows); ; k++) {
            List<Group> chosen = new ArrayList<>(k);
            long read = 0;
            for (int i = 0; i < k; i++) {
                Group g = groups.get((int) ((i + 0.5) * groups.size() / k));
                chosen.add(g);
                read += g.rows();
            }
            if (read >= sampling.maxRows() || k == groups.size()) {
                return chosen;
            }
        }
    }

    private MessageType requested(Path file, MessageType schema) {
        List<String> names = new ArrayList<>();
        names.add(timeColumn);
        names.addAll(columns);
        List<Type> fields = new ArrayList<>();
        for (String name : names) {
            if (!schema.containsField(name)) {
                throw new OfflineStoreException("column '" + name + "' is missing from " + file + "; it has "
                        + schema.getFields().stream().map(Type::getName).toList()
                        + "; fix the feature's column or the data");
            }
            if (fields.stream().noneMatch(f -> f.getName().equals(name))) {
                fields.add(schema.getType(name));
            }
        }
        return new MessageType(schema.getName(), fields);
    }

    private static OfflineStoreException unreadable(Path file, IOException e) {
        return new OfflineStoreException("cannot read " + file + ": " + e.getMessage()
                + "; check that the file is a readable Parquet file", e);
    }

    /** One thread's share: the next row group not yet taken, until none is left, into summaries of its own. */
    private final class Part {
        final Map<String, ColumnSummary> summaries;
        long minEvent = Long.MAX_VALUE;
        long maxEvent = Long.MIN_VALUE;

        Part(Map<String, ColumnSummary> summaries) {
            this.summaries = summaries;
        }

        void run(List<Group> groups, AtomicInteger next, AtomicLong done, long goal, String phase,
                 ProgressListener progress) {
            ParquetFileReader reader = null;
            Path open = null;
            MessageType requested = null;
            String createdBy = null;
            try {
                for (int g = next.getAndIncrement(); g < groups.size(); g = next.getAndIncrement()) {
                    Group group = groups.get(g);
                    if (!group.file().equals(open)) {
                        if (reader != null) {
                            reader.close();
                        }
                        reader = open(group.file());
                        open = group.file();
                        requested = requested(open, reader.getFooter().getFileMetaData().getSchema());
                        reader.setRequestedSchema(requested);
                        createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
                    }
                    PageReadStore rowGroup = reader.readRowGroup(group.index());
                    ColumnReadStoreImpl store = new ColumnReadStoreImpl(rowGroup,
                            new DummyRecordConverter(requested).getRootConverter(), requested, createdBy);
                    int n = Math.toIntExact(rowGroup.getRowCount());
                    boolean[] keep = timeMask(store, requested.getColumnDescription(new String[] {timeColumn}), n);
                    for (Map.Entry<String, ColumnSummary> entry : summaries.entrySet()) {
                        ColumnDescriptor d = requested.getColumnDescription(new String[] {entry.getKey()});
                        summarise(store.getColumnReader(d), d, keep, entry.getValue());
                    }
                    progress.progress(phase, done.addAndGet(n), goal);
                }
            } catch (IOException e) {
                throw unreadable(open, e);
            } finally {
                if (reader != null) {
                    try {
                        reader.close();
                    } catch (IOException ignored) {
                        // read-only: nothing is lost when closing fails
                    }
                }
            }
        }

        /** Rows with a non-null event time in range; as the engine does, rows without an event time are ignored. */
        private boolean[] timeMask(ColumnReadStoreImpl store, ColumnDescriptor d, int n) {
            ColumnReader reader = store.getColumnReader(d);
            PrimitiveType type = d.getPrimitiveType();
            int maxDef = d.getMaxDefinitionLevel();
            boolean[] keep = new boolean[n];
            for (int r = 0; r < n; r++) {
                if (reader.getCurrentDefinitionLevel() == maxDef) {
                    long t = type.getPrimitiveTypeName() == PrimitiveTypeName.INT96
                            ? ParquetTypes.int96ToMicros(reader.getBinary().getBytes())
                            : ParquetTypes.micros(reader.getLong(), type);
                    if (t >= startMicros && t <= endMicros) {
                        keep[r] = true;
                        minEvent = Math.min(minEvent, t);
                        maxEvent = Math.max(maxEvent, t);
                    }
                }
                reader.consume();
            }
            return keep;
        }
    }

    private static void summarise(ColumnReader reader, ColumnDescriptor d, boolean[] keep, ColumnSummary summary) {
        PrimitiveType type = d.getPrimitiveType();
        int maxDef = d.getMaxDefinitionLevel();
        boolean timestamp = ParquetTypes.isTimestamp(type);
        boolean text = summary.type == dev.granary.spec.ValueType.STRING;
        // a dictionary-encoded page hands out the same Binary for the same value: decode each one once
        Map<Binary, String> texts = text ? new IdentityHashMap<>() : null;
        for (int r = 0; r < keep.length; r++) {
            boolean present = reader.getCurrentDefinitionLevel() == maxDef;
            if (keep[r]) {
                if (!present) {
                    summary.addNull();
                } else if (text) {
                    Binary b = reader.getBinary();
                    String value = texts.get(b);
                    if (value == null) {
                        if (texts.size() == DECODED) {
                            texts.clear(); // a plain page's values are all distinct objects: keep the map small
                        }
                        value = b.toStringUsingUTF8();
                        texts.put(b, value);
                    }
                    summary.addText(value);
                } else {
                    add(reader, type, timestamp, summary);
                }
            } else if (present) {
                reader.skip(); // consume() alone moves past the levels, not the value
            }
            reader.consume();
        }
    }

    private static void add(ColumnReader reader, PrimitiveType type, boolean timestamp, ColumnSummary summary) {
        switch (type.getPrimitiveTypeName()) {
            case INT32 -> summary.addLong(reader.getInteger());
            case INT64 -> {
                if (timestamp) {
                    summary.addDouble(ParquetTypes.micros(reader.getLong(), type) / 1e6);
                } else {
                    summary.addLong(reader.getLong());
                }
            }
            case INT96 -> summary.addDouble(ParquetTypes.int96ToMicros(reader.getBinary().getBytes()) / 1e6);
            case FLOAT -> summary.addDouble(reader.getFloat());
            case DOUBLE -> summary.addDouble(reader.getDouble());
            case BOOLEAN -> summary.addBoolean(reader.getBoolean());
            default -> summary.addBytes(reader.getBinary().getBytes());
        }
    }
}
