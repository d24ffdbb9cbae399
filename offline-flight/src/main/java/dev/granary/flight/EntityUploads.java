package dev.granary.flight;

import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Entity tables uploaded with DoPut, kept as Parquet files in a private folder under {@code (project, name)}
 * until replaced or the server stops; written batch by batch as they arrive.
 */
final class EntityUploads implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private final Path folder;
    private final Map<String, Path> files = new ConcurrentHashMap<>();

    EntityUploads() throws IOException {
        this.folder = Files.createTempDirectory("granary-flight-uploads-");
    }

    /** The upload's Parquet file. @throws IllegalArgumentException when there is none of that name */
    Path get(String project, String name) {
        Path file = files.get(project + "/" + name);
        if (file == null) {
            throw new IllegalArgumentException("no entity table was uploaded as '" + name + "' for project " + project
                    + "; send it with DoPut (descriptor path [project, name]) first");
        }
        return file;
    }

    /** Reads the stream into a new file and makes it the upload {@code (project, name)}; returns its row count. */
    long put(String project, String name, FlightStream stream) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("upload name '" + name + "' is not allowed; use letters, digits, _ . -"
                    + " (at most 100)");
        }
        VectorSchemaRoot root = stream.getRoot();
        List<Column> columns = new ArrayList<>();
        root.getSchema().getFields().forEach(f -> columns.add(new Column(f.getName(), ArrowTypes.valueType(f))));
        Path file = Files.createTempFile(folder, "entities-", ".parquet");
        long[] rows = {0};
        try {
            ParquetTables.write(file, columns, () -> new Rows(stream, root, columns, rows));
        } catch (RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        Path previous = files.put(project + "/" + name, file);
        if (previous != null) {
            Files.deleteIfExists(previous);
        }
        return rows[0];
    }

    /** The rows of every batch of the stream, read as they arrive. */
    private static final class Rows implements Iterator<Object[]> {
        private final FlightStream stream;
        private final VectorSchemaRoot root;
        private final List<Column> columns;
        private final long[] count;
        private int row;
        private boolean loaded;
        private boolean done;

        Rows(FlightStream stream, VectorSchemaRoot root, List<Column> columns, long[] count) {
            this.stream = stream;
            this.root = root;
            this.columns = columns;
            this.count = count;
        }

        @Override
        public boolean hasNext() {
            while (!done && (!loaded || row >= root.getRowCount())) {
                loaded = stream.next();
                done = !loaded;
                row = 0;
            }
            return !done;
        }

        @Override
        public Object[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Object[] values = new Object[columns.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = value(root.getVector(c), columns.get(c).type(), row);
            }
            row++;
            count[0]++;
            return values;
        }
    }

    private static Object value(FieldVector vector, ValueType type, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (type == ValueType.TIMESTAMP) {
            long raw = ((TimeStampVector) vector).get(row);
            return switch (((ArrowType.Timestamp) vector.getField().getType()).getUnit()) {
                case SECOND -> Instant.ofEpochSecond(raw);
                case MILLISECOND -> Instant.ofEpochMilli(raw);
                case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(raw, 1_000_000L), Math.floorMod(raw, 1_000_000L) * 1000L);
                case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(raw, 1_000_000_000L), Math.floorMod(raw, 1_000_000_000L));
            };
        }
        Object v = vector.getObject(row);
        return type == ValueType.STRING ? v.toString() : v;
    }

    @Override
    public void close() throws IOException {
        for (Path file : files.values()) {
            Files.deleteIfExists(file);
        }
        files.clear();
        Files.deleteIfExists(folder);
    }
}
