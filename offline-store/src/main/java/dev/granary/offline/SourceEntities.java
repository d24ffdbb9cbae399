package dev.granary.offline;

import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.parquet.schema.MessageType;

/**
 * Writes the entity table an {@link EntityQuery} stands for: reads only the join-key and event-time columns of
 * the requested views' sources (each source once), and writes the keys and timestamps the query selects, in a
 * deterministic order, to a Parquet file the export then reads as its entity table. Memory holds the distinct
 * keys (with their first event time) or, for a range of events, the distinct (key, time) pairs: the entity rows
 * the export holds anyway.
 */
final class SourceEntities {
    private final ExportRequest request;

    SourceEntities(ExportRequest request) {
        this.request = request;
    }

    /** Writes the entity table to {@code file}; returns how many rows it has. */
    long write(Path file) {
        List<JoinKey> keys = commonKeys();
        List<SourceSpec> sources = sources();
        EntityQuery query = request.entityQuery();
        String tsColumn = request.timestampColumn();
        for (JoinKey key : keys) {
            if (key.name().equals(tsColumn)) {
                throw new OfflineStoreException("join key '" + key.name() + "' has the name of the timestamp column;"
                        + " name the timestamp column otherwise (--timestamp-column)");
            }
        }
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        if (query instanceof EntityQuery.Range range && range.every() == null) {
            lo = ParquetTables.toMicros(range.start());
            hi = ParquetTables.toMicros(range.end());
        }
        // key -> first event time (as-of and steps), or the set of (key, time) events (a range of events)
        Map<List<Object>, Long> firstSeen = new HashMap<>();
        Set<Event> events = new HashSet<>();
        boolean collectEvents = query instanceof EntityQuery.Range r && r.every() == null;
        for (SourceSpec source : sources) {
            List<Path> files = SourceFiles.of(source, request.offlineRoot());
            List<String> columns = new ArrayList<>();
            keys.forEach(k -> columns.add(k.name()));
            columns.add(source.timestampField());
            for (Path f : files) {
                MessageType schema = ParquetScan.schemaOf(f);
                for (String c : columns) {
                    if (!schema.containsField(c)) {
                        throw new OfflineStoreException("source '" + source.name() + "': " + f + " has no column '"
                                + c + "'; fix the data or sources[" + source.name() + "]");
                    }
                }
            }
            long from = lo;
            long to = hi;
            ParquetScan scan = new ParquetScan(columns, true);
            if (collectEvents) {
                scan.timeRange(source.timestampField(), from, to);
            }
            scan.scan(files, (chunk, n) -> {
                ColumnData time = chunk[keys.size()];
                for (int r = 0; r < n; r++) {
                    if (time.isNull(r)) {
                        continue;
                    }
                    List<Object> key = key(chunk, keys, r);
                    if (key == null) {
                        continue;
                    }
                    long t = time.longs[r];
                    if (collectEvents) {
                        if (t >= from && t <= to) {
                            events.add(new Event(key, t));
                        }
                    } else {
                        firstSeen.merge(key, t, Math::min);
                    }
                }
            });
        }
        List<Column> out = new ArrayList<>();
        keys.forEach(k -> out.add(new Column(k.name(), k.type())));
        out.add(new Column(tsColumn, ValueType.TIMESTAMP));
        Comparator<List<Object>> byKey = SourceEntities::compareKeys;
        long[] written = {0};
        Iterable<Object[]> rows;
        if (collectEvents) {
            List<Event> sorted = new ArrayList<>(events);
            events.clear();
            sorted.sort(Comparator.comparingLong(Event::micros).thenComparing(Event::key, byKey));
            rows = () -> sorted.stream().map(e -> row(e.key(), e.micros())).iterator();
            written[0] = sorted.size();
        } else {
            List<Map.Entry<List<Object>, Long>> known = new ArrayList<>(firstSeen.entrySet());
            known.sort(Map.Entry.comparingByKey(byKey));
            long[] steps = steps(query);
            rows = () -> new StepRows(known, steps);
            for (long step : steps) {
                for (Map.Entry<List<Object>, Long> e : known) {
                    if (e.getValue() <= step) {
                        written[0]++;
                    }
                }
            }
        }
        ParquetTables.write(file, out, rows);
        return written[0];
    }

    private record Event(List<Object> key, long micros) {
    }

    private static Object[] row(List<Object> key, long micros) {
        Object[] row = new Object[key.size() + 1];
        for (int k = 0; k < key.size(); k++) {
            row[k] = key.get(k) instanceof Bytes b ? b.value() : key.get(k);
        }
        row[key.size()] = ParquetTables.micros(micros);
        return row;
    }

    private static long[] steps(EntityQuery query) {
        if (query instanceof EntityQuery.AsOf asOf) {
            return new long[]{ParquetTables.toMicros(asOf.time())};
        }
        EntityQuery.Range range = (EntityQuery.Range) query;
        List<Long> steps = new ArrayList<>();
        for (Instant t = range.start(); !t.isAfter(range.end()); t = t.plus(range.every())) {
            steps.add(ParquetTables.toMicros(t));
        }
        return steps.stream().mapToLong(Long::longValue).toArray();
    }

    /** At each step, every key first seen at or before it, in key order. */
    private static final class StepRows implements Iterator<Object[]> {
        private final List<Map.Entry<List<Object>, Long>> keys;
        private final long[] steps;
        private int step;
        private int next = -1;

        StepRows(List<Map.Entry<List<Object>, Long>> keys, long[] steps) {
            this.keys = keys;
            this.steps = steps;
            advance();
        }

        private void advance() {
            while (step < steps.length) {
                for (next++; next < keys.size(); next++) {
                    if (keys.get(next).getValue() <= steps[step]) {
                        return;
                    }
                }
                step++;
                next = -1;
            }
        }

        @Override
        public boolean hasNext() {
            return step < steps.length;
        }

        @Override
        public Object[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Object[] row = row(keys.get(next).getKey(), steps[step]);
            advance();
            return row;
        }
    }

    private static List<Object> key(ColumnData[] chunk, List<JoinKey> keys, int r) {
        Object[] key = new Object[keys.size()];
        for (int k = 0; k < key.length; k++) {
            Object v = ParquetTables.value(chunk[k], r, keys.get(k).type());
            if (v == null) {
                return null;
            }
            key[k] = v instanceof byte[] bytes ? new Bytes(bytes) : v;
        }
        return List.of(key);
    }

    /** BYTES keys compared and hashed by content. */
    private record Bytes(byte[] value) implements Comparable<Bytes> {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public int compareTo(Bytes o) {
            return Arrays.compare(value, o.value);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = ((Comparable) a.get(i)).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The join keys every requested view shares. */
    private List<JoinKey> commonKeys() {
        List<JoinKey> keys = null;
        String first = null;
        for (FeatureViewSpec view : views()) {
            List<JoinKey> these = request.spec().joinKeys(view);
            if (these.isEmpty()) {
                throw new OfflineStoreException("feature view '" + view.name()
                        + "' has no join keys; give it an entity with join keys");
            }
            if (keys == null) {
                keys = these;
                first = view.name();
            } else if (!Set.copyOf(these).equals(Set.copyOf(keys))) {
                throw new OfflineStoreException("views '" + first + "' " + names(keys) + " and '" + view.name() + "' "
                        + names(these) + " have different join keys, so an export without an entity table cannot"
                        + " tell which keys to combine; export views of one entity at a time, or give an entity table");
            }
        }
        return keys;
    }

    private static List<String> names(List<JoinKey> keys) {
        return keys.stream().map(k -> k.name() + " " + k.type()).toList();
    }

    private List<FeatureViewSpec> views() {
        Map<String, FeatureViewSpec> views = new LinkedHashMap<>();
        for (FeatureRef ref : request.features()) {
            FeatureViewSpec view = request.spec().featureView(ref.view()).orElseThrow(() -> new OfflineStoreException(
                    "feature '" + ref + "': project '" + request.spec().project() + "' has no feature view '"
                            + ref.view() + "'; check the name or apply the definitions first"));
            views.putIfAbsent(view.name(), view);
        }
        return List.copyOf(views.values());
    }

    private List<SourceSpec> sources() {
        Map<String, SourceSpec> sources = new LinkedHashMap<>();
        for (FeatureViewSpec view : views()) {
            SourceSpec source = request.spec().source(view.source()).orElseThrow(() -> new OfflineStoreException(
                    "feature view '" + view.name() + "' names source '" + view.source()
                            + "', which the spec does not define; add it to sources"));
            sources.putIfAbsent(source.name(), source);
        }
        return List.copyOf(sources.values());
    }
}
