package dev.granary.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A feature repository of {@code views} views x {@link #FEATURES} FLOAT64 features, all over one Parquet source (a
 * folder of {@link #FILES} files), written as a {@code *.granary.json} spec so that the loop measures Granary, not
 * the Java compiler. Every view reads the same ten columns under its own feature names.
 */
final class LargeRepository {
    static final int FEATURES = 10;
    static final int FILES = 4;
    static final String SPEC = "large.granary.json";

    private LargeRepository() {
    }

    static void write(Path repo, int views) throws IOException {
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("granary.yaml"), "project: large\n");
        writeData(repo.resolve("data/events"));
        writeSpec(repo, views, "");
    }

    /** Rewrites the spec with {@code suffix} appended to every view's description (so every view changes). */
    static void writeSpec(Path repo, int views, String suffix) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode spec = mapper.createObjectNode().put("project", "large");
        ObjectNode entity = spec.putArray("entities").addObject().put("name", "user");
        entity.putArray("joinKeys").addObject().put("name", "user_id").put("type", "INT64");
        spec.withArray("sources").addObject().put("name", "events").put("path", "data/events")
                .put("timestampField", "event_timestamp");
        ArrayNode viewArray = spec.putArray("featureViews");
        for (int v = 0; v < views; v++) {
            ObjectNode view = viewArray.addObject().put("name", "view_" + v).put("source", "events")
                    .put("ttlSeconds", 86_400).put("online", true)
                    .put("owner", "team_" + (v % 7))
                    .put("description", "Behaviour signals of users, family " + v + suffix);
            view.putArray("entities").add("user");
            ArrayNode features = view.putArray("features");
            for (int f = 0; f < FEATURES; f++) {
                features.addObject().put("name", "signal_" + v + "_" + f).put("type", "FLOAT64")
                        .put("column", "c" + f).put("description", "Signal " + f + " of family " + v);
            }
        }
        ObjectNode service = spec.putArray("featureServices").addObject().put("name", "ranking");
        service.putArray("features").add("view_0:signal_0_0").add("view_1:signal_1_1");
        Files.writeString(repo.resolve(SPEC), mapper.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
    }

    private static void writeData(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("user_id", ValueType.INT64));
        columns.add(new Column("event_timestamp", ValueType.TIMESTAMP));
        for (int f = 0; f < FEATURES; f++) {
            columns.add(new Column("c" + f, ValueType.FLOAT64));
        }
        Instant start = Instant.parse("2026-11-20T00:00:00Z");
        for (int file = 0; file < FILES; file++) {
            List<Object[]> rows = new ArrayList<>();
            for (int r = 0; r < 1_000; r++) {
                Object[] row = new Object[columns.size()];
                row[0] = (long) (r % 500);
                row[1] = start.plusSeconds(file * 3_600L + r);
                for (int f = 0; f < FEATURES; f++) {
                    row[2 + f] = (r * 31 + f) % 97 / 97.0;
                }
                rows.add(row);
            }
            ParquetTables.write(folder.resolve("part-" + file + ".parquet"), columns, rows);
        }
    }
}
