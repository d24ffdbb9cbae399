package dev.granary.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.granary.client.lookup.LookupResult;
import dev.granary.online.EntityKey;
import dev.granary.online.FeatureStatus;
import dev.granary.online.FeatureValue;
import dev.granary.online.OnlineRow;
import dev.granary.online.OnlineStore;
import dev.granary.online.ReadRow;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.ValueType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written JSON of {@link FeastResponse} parses to exactly what a JSON library would have written. */
class FeastResponseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T1 = Instant.parse("2026-11-23T10:15:30.123456Z");
    private static final Instant T2 = Instant.parse("2026-11-22T00:00:00Z");

    @Test
    void everyValueTypeAndHostileTextRoundTrip() throws IOException {
        String hostile = "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 é 漢字 emoji \uD83D\uDE00 </script>";
        byte[] bytes = {0, 1, (byte) 0xFF};
        List<Object> values = Arrays.asList(1.5, -0.0, 1e-300, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                2.5f, Long.MIN_VALUE, Long.MAX_VALUE, -7L, 0L, 1.0E7, 0.001, 42, hostile, true, false, T1, T2, Instant.parse("-0001-01-01T00:00:00.5Z"), Instant.parse("+10000-01-01T00:00:00Z"), bytes, List.of(1L, 2L), List.of("a\"b"), null);
        List<FeatureValue> row = values.stream().map(v -> v == null ? new FeatureValue(null, T1, FeatureStatus.NULL_VALUE)
                : new FeatureValue(v, T1, FeatureStatus.PRESENT)).toList();
        List<FeatureValue> missing = values.stream().map(v -> FeatureValue.NOT_FOUND).toList();
        List<FeatureValue> old = values.stream().map(v -> new FeatureValue(null, T2, FeatureStatus.OUTSIDE_MAX_AGE))
                .toList();
        List<String> names = java.util.stream.IntStream.range(0, values.size()).mapToObj(i -> "f" + i + "_\"x\"").toList();
        LookupResult result = new LookupResult(List.of("driver_id", "name\u2028"),
                List.of(List.of(1L, 2L, 3L), Arrays.asList(hostile, "b", null)), names, List.of(ReadRow.of(row), ReadRow.of(missing), ReadRow.of(old)));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int written = FeastResponse.of(result).writeTo(out);
        assertThat(written).isEqualTo(out.size());
        JsonNode actual = JSON.readTree(out.toByteArray());

        ObjectNode expected = JSON.createObjectNode();
        ArrayNode featureNames = expected.putObject("metadata").putArray("feature_names");
        featureNames.add("driver_id").add("name\u2028");
        names.forEach(featureNames::add);
        ArrayNode results = expected.putArray("results");
        ObjectNode ids = results.addObject();
        ids.putArray("values").add(1L).add(2L).add(3L);
        ids.putArray("statuses").add("PRESENT").add("PRESENT").add("PRESENT");
        ids.putArray("event_timestamps").add(FeastResponse.EPOCH).add(FeastResponse.EPOCH).add(FeastResponse.EPOCH);
        ObjectNode texts = results.addObject();
        texts.putArray("values").add(hostile).add("b").addNull();
        texts.putArray("statuses").add("PRESENT").add("PRESENT").add("PRESENT");
        texts.putArray("event_timestamps").add(FeastResponse.EPOCH).add(FeastResponse.EPOCH).add(FeastResponse.EPOCH);
        for (Object value : values) {
            ObjectNode feature = results.addObject();
            ArrayNode v = feature.putArray("values");
            v.add(JSON.valueToTree(jsonValue(value))).addNull().addNull();
            feature.putArray("statuses").add(value == null ? "NULL_VALUE" : "PRESENT").add("NOT_FOUND")
                    .add("OUTSIDE_MAX_AGE");
            feature.putArray("event_timestamps").add(T1.toString()).add(FeastResponse.EPOCH).add(T2.toString());
        }
        // through text once, so numbers compare as parsed numbers (1 as an int, not the long it was built from)
        assertThat(actual).isEqualTo(JSON.readTree(JSON.writeValueAsString(expected)));
    }

    @Test
    void statusesAndTimesFollowEachFeatureWhenNeighboursDiffer() throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        Instant[] times = {T1, T2, Instant.parse("2026-11-23T10:15:30Z")};
        for (int round = 0; round < 50; round++) {
            int rows = 1 + random.nextInt(6);
            int features = 1 + random.nextInt(8);
            List<List<FeatureValue>> cells = new java.util.ArrayList<>();
            for (int r = 0; r < rows; r++) {
                List<FeatureValue> row = new java.util.ArrayList<>();
                for (int f = 0; f < features; f++) {
                    Instant t = times[random.nextInt(random.nextBoolean() ? 1 : times.length)];
                    row.add(switch (random.nextInt(random.nextBoolean() ? 1 : 4)) {
                        case 0 -> new FeatureValue(random.nextDouble(), t, FeatureStatus.PRESENT);
                        case 1 -> new FeatureValue(null, t, FeatureStatus.NULL_VALUE);
                        case 2 -> new FeatureValue(null, t, FeatureStatus.OUTSIDE_MAX_AGE);
                        default -> FeatureValue.NOT_FOUND;
                    });
                }
                cells.add(row);
            }
            List<String> names = java.util.stream.IntStream.range(0, features).mapToObj(f -> "f" + f).toList();
            List<Object> ids = java.util.stream.LongStream.range(0, rows).boxed().map(Object.class::cast).toList();
            LookupResult result = new LookupResult(List.of("id"), List.of(ids), names,
                    cells.stream().map(ReadRow::of).toList());

            ObjectNode expected = JSON.createObjectNode();
            ArrayNode featureNames = expected.putObject("metadata").putArray("feature_names").add("id");
            names.forEach(featureNames::add);
            ArrayNode results = expected.putArray("results");
            ObjectNode idColumn = results.addObject();
            ArrayNode idValues = idColumn.putArray("values");
            ArrayNode idStatuses = idColumn.putArray("statuses");
            ArrayNode idTimes = idColumn.putArray("event_timestamps");
            ids.forEach(id -> {
                idValues.add((Long) id);
                idStatuses.add("PRESENT");
                idTimes.add(FeastResponse.EPOCH);
            });
            for (int f = 0; f < features; f++) {
                ObjectNode column = results.addObject();
                ArrayNode v = column.putArray("values");
                ArrayNode st = column.putArray("statuses");
                ArrayNode ts = column.putArray("event_timestamps");
                for (List<FeatureValue> row : cells) {
                    FeatureValue cell = row.get(f);
                    v.add(JSON.valueToTree(cell.value()));
                    st.add(cell.status().name());
                    ts.add(cell.eventTime() == null ? FeastResponse.EPOCH : cell.eventTime().toString());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FeastResponse.of(result).writeTo(out);
            assertThat(JSON.readTree(out.toByteArray())).as("round %d", round)
                    .isEqualTo(JSON.readTree(JSON.writeValueAsString(expected)));
        }
    }

    @Test
    void valuesReadFromAStoreAreWrittenFromTheirStoredTextExactlyAsFormatted(@TempDir Path dir) throws IOException {
        FeatureViewSpec view = new FeatureViewSpec("v", List.of("id"), "src", 0, true, List.of(
                new FeatureSpec("d", ValueType.FLOAT64), new FeatureSpec("f", ValueType.FLOAT32),
                new FeatureSpec("n", ValueType.INT64)), List.of(), null, null, null);
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        List<OnlineRow> rows = new java.util.ArrayList<>();
        List<EntityKey> keys = new java.util.ArrayList<>();
        for (int r = 0; r < 300; r++) {
            double d = r == 0 ? Double.NaN : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-12, 25));
            rows.add(new OnlineRow(EntityKey.of(r), T2, Arrays.asList(d, (float) d, (long) r)));
            keys.add(EntityKey.of(r));
        }
        keys.add(EntityKey.of(-1));
        List<String> names = view.featureNames();
        try (OnlineStore store = OnlineStore.embedded(dir)) {
            store.write("p", view, names, rows);
            List<ReadRow> read = store.read("p", view, names, keys, T2);
            assertThat(read.get(1).textLength(0)).as("the store kept the text").isPositive();
            List<ReadRow> plain = read.stream().map(row -> ReadRow.of(List.copyOf(row))).toList();
            List<Object> ids = keys.stream().map(k -> (Object) k.values().get(0)).toList();

            byte[] fromText = write(new LookupResult(List.of("id"), List.of(ids), names, read));
            byte[] formatted = write(new LookupResult(List.of("id"), List.of(ids), names, plain));

            assertThat(new String(fromText, java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(new String(formatted, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static byte[] write(LookupResult result) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FeastResponse.of(result).writeTo(out);
        return out.toByteArray();
    }

    /** What each stored value shows as in JSON (as documented in docs/api.md). */
    private static Object jsonValue(Object value) {
        return switch (value) {
            case null -> null;
            case Double d when !Double.isFinite(d) -> d.toString();
            case Instant t -> t.toString();
            case byte[] b -> Base64.getEncoder().encodeToString(b);
            default -> value;
        };
    }
}
