package dev.granary.health.log;

import static java.util.Objects.requireNonNull;

import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.online.ReadRow;
import dev.granary.spec.TypedValues;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes sampled lookups as Parquet: {@code <folder>/service=<name>/hour=<yyyy-MM-ddTHH>/part-<time>-<id>.parquet}
 * (hours in UTC), one row per entity row with the columns of {@link LogColumns}, the join keys and the features as
 * served (list-typed features keep only their status). A file is written under a hidden name and moved into place,
 * so a reader never sees half a file. The folder is the service's {@code logging.folder} resolved against
 * {@code offline.root}, else {@code offline.root/_feature_logs}.
 */
public final class ParquetLogSink implements LogSink {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH", java.util.Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Path offlineRoot;

    public ParquetLogSink(Path offlineRoot) {
        this.offlineRoot = requireNonNull(offlineRoot, "offlineRoot is null");
    }

    /** The folder holding {@code service}'s logs (the folder a source reading them names). */
    public Path serviceFolder(LoggedService service) {
        return folder(offlineRoot, service.logging().folderOrDefault()).resolve(LogColumns.serviceFolder(service.service()));
    }

    /** {@code folder} resolved against {@code offlineRoot} unless absolute. */
    public static Path folder(Path offlineRoot, String folder) {
        Path p = Path.of(folder);
        return p.isAbsolute() ? p : offlineRoot.resolve(p);
    }

    @Override
    public void write(LoggedService service, List<ServedLookup> lookups) {
        Map<String, List<ServedLookup>> byHour = new TreeMap<>();
        for (ServedLookup lookup : lookups) {
            byHour.computeIfAbsent(HOUR.format(lookup.requestTime()), h -> new ArrayList<>()).add(lookup);
        }
        byHour.forEach((hour, part) -> writeHour(service, hour, part));
    }

    private void writeHour(LoggedService service, String hour, List<ServedLookup> lookups) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(LogColumns.REQUEST_TIME, ValueType.TIMESTAMP));
        columns.add(new Column(LogColumns.FEATURE_SERVICE, ValueType.STRING));
        columns.add(new Column(LogColumns.SPEC_VERSION, ValueType.INT32));
        columns.addAll(service.keys());
        List<ValueType> types = valueTypes(service, lookups);
        for (int f = 0; f < service.features().size(); f++) {
            if (types.get(f) != null) {
                columns.add(new Column(service.features().get(f), types.get(f)));
            }
        }
        for (String feature : service.features()) {
            columns.add(new Column(LogColumns.status(feature), ValueType.STRING));
        }
        List<Object[]> rows = new ArrayList<>();
        for (ServedLookup lookup : lookups) {
            addRows(service, types, lookup, columns.size(), rows);
        }
        Path dir = serviceFolder(service).resolve("hour=" + hour);
        String name = "part-" + lookups.get(0).requestTime().toEpochMilli() + "-v" + service.specVersion() + "-"
                + UUID.randomUUID().toString().substring(0, 8) + ".parquet";
        try {
            Files.createDirectories(dir);
            Path hidden = dir.resolve("." + name + ".tmp");
            ParquetTables.write(hidden, columns, rows);
            Files.move(hidden, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the feature log under " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void addRows(LoggedService service, List<ValueType> types, ServedLookup lookup, int width,
                                List<Object[]> rows) {
        List<String> names = lookup.result().entityNames();
        int[] keyColumn = service.keys().stream().mapToInt(k -> names.indexOf(k.name())).toArray();
        int features = service.features().size();
        for (int r = 0; r < lookup.result().size(); r++) {
            Object[] row = new Object[width];
            int c = 0;
            row[c++] = lookup.requestTime();
            row[c++] = service.service();
            row[c++] = service.specVersion();
            for (int k = 0; k < keyColumn.length; k++) {
                Object key = keyColumn[k] < 0 ? null : lookup.result().entityColumns().get(keyColumn[k]).get(r);
                row[c++] = key == null ? null : TypedValues.of(service.keys().get(k).type(), key, false);
            }
            ReadRow served = lookup.result().rows().get(r);
            for (int f = 0; f < features; f++) {
                if (types.get(f) != null) {
                    Object v = served.value(f);
                    row[c++] = v == null ? null : TypedValues.of(types.get(f), v, true);
                }
            }
            for (int f = 0; f < features; f++) {
                row[c++] = served.status(f).name();
            }
            rows.add(row);
        }
    }

    /** The declared types, and for aggregations of unknown type the type of the first value served; lists are left out. */
    private static List<ValueType> valueTypes(LoggedService service, List<ServedLookup> lookups) {
        List<ValueType> types = new ArrayList<>(service.types());
        for (int f = 0; f < types.size(); f++) {
            if (types.get(f) == null) {
                types.set(f, observedType(lookups, f));
            }
            if (types.get(f) != null && types.get(f).isList()) {
                types.set(f, null);
            }
        }
        return types;
    }

    private static ValueType observedType(List<ServedLookup> lookups, int feature) {
        for (ServedLookup lookup : lookups) {
            for (ReadRow row : lookup.result().rows()) {
                Object v = row.value(feature);
                if (v != null) {
                    return switch (v) {
                        case Long l -> ValueType.INT64;
                        case Integer i -> ValueType.INT32;
                        case Float x -> ValueType.FLOAT32;
                        case Instant t -> ValueType.TIMESTAMP;
                        case String s -> ValueType.STRING;
                        case Boolean b -> ValueType.BOOL;
                        case byte[] b -> ValueType.BYTES;
                        default -> v instanceof Number ? ValueType.FLOAT64 : null;
                    };
                }
            }
        }
        return ValueType.FLOAT64;
    }
}
