package dev.granary.offline;

import static dev.granary.offline.Fixture.at;
import static dev.granary.offline.Fixture.cols;
import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT32;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;
import static dev.granary.spec.ValueType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine against a naive reference (scan every source row for every entity row) on many small random data
 * sets: three views keyed by an integer, a string and a composite key, ties in event and created time, nulls
 * everywhere, several files, and budgets small enough to force the spill path.
 */
class RandomizedExportTest {
    @TempDir
    Path dir;
    private int spilled;

    /** A source row as the reference sees it; {@code order} is its position in file order. */
    private record SourceRow(Object[] keys, Instant ts, Instant created, Object[] values, int order) {
    }

    @Test
    void engineAgreesWithNaiveReferenceOnRandomDataIncludingSpill() throws IOException {
        for (int seed = 0; seed < 200; seed++) {
            runCase(seed);
        }
        assertThat(spilled).as("cases that took the spill path").isGreaterThan(50);
    }

    private void runCase(int seed) throws IOException {
        Random rnd = new Random(seed);
        Path root = Files.createDirectory(dir.resolve("case" + seed));
        long ttl1 = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(40);
        long ttl2 = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(40);
        long w1 = 1 + rnd.nextInt(50);
        long w2 = 1 + rnd.nextInt(50);
        List<EntitySpec> entities = List.of(
                new EntitySpec("driver", List.of(new JoinKey("driver_id", INT64)), ""),
                new EntitySpec("customer", List.of(new JoinKey("customer_id", STRING)), ""),
                new EntitySpec("zone", List.of(new JoinKey("zone", INT32)), ""));
        List<SourceSpec> sources = List.of(new SourceSpec("s1", "s1", "event_timestamp", "created"),
                new SourceSpec("s2", "s2.parquet", "ts", null), new SourceSpec("s3", "s3.parquet", "event_timestamp", null));
        FeatureViewSpec v1 = new FeatureViewSpec("v1", List.of("driver"), "s1", ttl1, true,
                List.of(new FeatureSpec("a", FLOAT64), new FeatureSpec("b", INT64)),
                List.of(new AggregationSpec("b_sum", AggregationFunction.SUM, "b", w1, ""),
                        new AggregationSpec("a_count", AggregationFunction.COUNT, "a", w2, ""),
                        new AggregationSpec("a_mean", AggregationFunction.MEAN, "a", w2, ""),
                        new AggregationSpec("b_min", AggregationFunction.MIN, "b", w1, ""),
                        new AggregationSpec("a_max", AggregationFunction.MAX, "a", w1, "")),
                "", null, "");
        FeatureViewSpec v2 = new FeatureViewSpec("v2", List.of("customer"), "s2", ttl2, true,
                List.of(new FeatureSpec("a", STRING, "label", "")), List.of(), "", null, "");
        FeatureViewSpec v3 = new FeatureViewSpec("v3", List.of("driver", "zone"), "s3", 0, true,
                List.of(new FeatureSpec("a", FLOAT64)),
                List.of(new AggregationSpec("n", AggregationFunction.COUNT, "a", w1, "")), "", null, "");
        RepoSpec spec = new RepoSpec("t", entities, sources, List.of(v1, v2, v3), List.of());

        // v1 in two files of a folder, file order = file name order then row order
        Files.createDirectory(root.resolve("s1"));
        List<SourceRow> s1 = new ArrayList<>();
        var s1Cols = cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "created", TIMESTAMP, "a", FLOAT64, "b", INT64);
        for (String file : List.of("part-0.parquet", "part-1.parquet")) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = rnd.nextInt(30); i > 0; i--) {
                Object[] r = {maybe(rnd, (long) rnd.nextInt(6)), maybe(rnd, at(rnd.nextInt(100))),
                        maybe(rnd, at(rnd.nextInt(3))), maybe(rnd, (double) rnd.nextInt(10)), maybe(rnd, (long) rnd.nextInt(10) - 3)};
                rows.add(r);
                s1.add(new SourceRow(new Object[]{r[0]}, (Instant) r[1], (Instant) r[2], new Object[]{r[3], r[4]}, s1.size()));
            }
            ParquetTables.write(root.resolve("s1").resolve(file), s1Cols, rows);
        }
        List<SourceRow> s2 = new ArrayList<>();
        List<Object[]> rows2 = new ArrayList<>();
        for (int i = rnd.nextInt(30); i > 0; i--) {
            Object[] r = {maybe(rnd, "c" + rnd.nextInt(5)), maybe(rnd, at(rnd.nextInt(100))), maybe(rnd, "l" + rnd.nextInt(100))};
            rows2.add(r);
            s2.add(new SourceRow(new Object[]{r[0]}, (Instant) r[1], null, new Object[]{r[2]}, s2.size()));
        }
        ParquetTables.write(root.resolve("s2.parquet"), cols("customer_id", STRING, "ts", TIMESTAMP, "label", STRING), rows2);
        List<SourceRow> s3 = new ArrayList<>();
        List<Object[]> rows3 = new ArrayList<>();
        for (int i = rnd.nextInt(30); i > 0; i--) {
            Object[] r = {maybe(rnd, (long) rnd.nextInt(4)), maybe(rnd, rnd.nextInt(3)), maybe(rnd, at(rnd.nextInt(100))),
                    maybe(rnd, rnd.nextDouble())};
            rows3.add(r);
            s3.add(new SourceRow(new Object[]{r[0], r[1]}, (Instant) r[2], null, new Object[]{r[3]}, s3.size()));
        }
        ParquetTables.write(root.resolve("s3.parquet"),
                cols("driver_id", INT64, "zone", INT32, "event_timestamp", TIMESTAMP, "a", FLOAT64), rows3);

        List<Object[]> entityRows = new ArrayList<>();
        for (int i = 1 + rnd.nextInt(30); i > 0; i--) {
            entityRows.add(new Object[]{maybe(rnd, (long) rnd.nextInt(7)), maybe(rnd, "c" + rnd.nextInt(6)),
                    maybe(rnd, rnd.nextInt(3)), maybe(rnd, at(rnd.nextInt(110)))});
        }
        Path entityFile = root.resolve("entities.parquet");
        ParquetTables.write(entityFile, cols("driver_id", INT64, "customer_id", STRING, "zone", INT32,
                "event_timestamp", TIMESTAMP), entityRows);

        // a tiny budget splits the sources into a few spill partitions
        long budget = rnd.nextBoolean() ? 0 : 800 + rnd.nextInt(2500);
        var out = Fixture.export(spec, root, entityFile, budget, true, "v1:a", "v1:b", "v1:b_sum", "v1:a_count",
                "v1:a_mean", "v1:b_min", "v1:a_max", "v2:a", "v3:a", "v3:n");

        assertThat(out.rows()).as("seed %d rows", seed).hasSize(entityRows.size());
        if (Fixture.lastResult.partitions() > 1) {
            spilled++;
        }
        for (int r = 0; r < entityRows.size(); r++) {
            Object[] e = entityRows.get(r);
            Object[] got = out.rows().get(r);
            String at = "seed " + seed + " budget " + budget + " row " + r;
            for (int c = 0; c < 4; c++) {
                assertThat(got[c]).as(at + " input column " + c).isEqualTo(e[c]);
            }
            Instant t = (Instant) e[3];
            Object[] k1 = {e[0]};
            SourceRow p1 = pointInTime(s1, k1, t, ttl1);
            check(at + " v1:a", got[4], p1 == null ? null : p1.values()[0]);
            check(at + " v1:b", got[5], p1 == null ? null : p1.values()[1]);
            check(at + " v1:b_sum", got[6], aggregate(s1, k1, t, w1, 1, AggregationFunction.SUM));
            check(at + " v1:a_count", got[7], aggregate(s1, k1, t, w2, 0, AggregationFunction.COUNT));
            check(at + " v1:a_mean", got[8], aggregate(s1, k1, t, w2, 0, AggregationFunction.MEAN));
            check(at + " v1:b_min", got[9], aggregate(s1, k1, t, w1, 1, AggregationFunction.MIN));
            check(at + " v1:a_max", got[10], aggregate(s1, k1, t, w1, 0, AggregationFunction.MAX));
            SourceRow p2 = pointInTime(s2, new Object[]{e[1]}, t, ttl2);
            check(at + " v2:a", got[11], p2 == null ? null : p2.values()[0]);
            Object[] k3 = {e[0], e[2]};
            SourceRow p3 = pointInTime(s3, k3, t, 0);
            check(at + " v3:a", got[12], p3 == null ? null : p3.values()[0]);
            check(at + " v3:n", got[13], aggregate(s3, k3, t, w1, 0, AggregationFunction.COUNT));
        }
    }

    private static <T> T maybe(Random rnd, T value) {
        return rnd.nextInt(8) == 0 ? null : value;
    }

    private static boolean sameKeys(Object[] keys, Object[] wanted) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == null || wanted[i] == null || !Objects.equals(keys[i], wanted[i])) {
                return false;
            }
        }
        return true;
    }

    private static SourceRow pointInTime(List<SourceRow> rows, Object[] keys, Instant t, long ttl) {
        if (t == null) {
            return null;
        }
        SourceRow best = null;
        for (SourceRow row : rows) {
            if (!sameKeys(row.keys(), keys) || row.ts() == null || row.ts().isAfter(t)) {
                continue;
            }
            if (ttl > 0 && row.ts().isBefore(t.minusSeconds(ttl))) {
                continue;
            }
            if (best == null || newer(row, best)) {
                best = row;
            }
        }
        return best;
    }

    private static boolean newer(SourceRow a, SourceRow b) {
        int byTime = a.ts().compareTo(b.ts());
        if (byTime != 0) {
            return byTime > 0;
        }
        Instant ca = a.created() == null ? Instant.MIN : a.created();
        Instant cb = b.created() == null ? Instant.MIN : b.created();
        int byCreated = ca.compareTo(cb);
        if (byCreated != 0) {
            return byCreated > 0;
        }
        return a.order() > b.order();
    }

    private static Object aggregate(List<SourceRow> rows, Object[] keys, Instant t, long window, int value,
                                    AggregationFunction f) {
        if (t == null || keys[0] == null || (keys.length > 1 && keys[1] == null)) {
            return null;
        }
        List<Number> values = new ArrayList<>();
        for (SourceRow row : rows) {
            if (sameKeys(row.keys(), keys) && row.ts() != null && row.ts().isAfter(t.minusSeconds(window))
                    && !row.ts().isAfter(t) && row.values()[value] != null) {
                values.add((Number) row.values()[value]);
            }
        }
        if (f == AggregationFunction.COUNT) {
            return (long) values.size();
        }
        if (values.isEmpty()) {
            return null;
        }
        boolean integral = values.get(0) instanceof Long;
        return switch (f) {
            case SUM -> integral ? (Object) values.stream().mapToLong(Number::longValue).sum()
                    : (Object) values.stream().mapToDouble(Number::doubleValue).sum();
            case MEAN -> values.stream().mapToDouble(Number::doubleValue).average().orElseThrow();
            case MIN -> integral ? (Object) values.stream().mapToLong(Number::longValue).min().orElseThrow()
                    : (Object) values.stream().mapToDouble(Number::doubleValue).min().orElseThrow();
            default -> integral ? (Object) values.stream().mapToLong(Number::longValue).max().orElseThrow()
                    : (Object) values.stream().mapToDouble(Number::doubleValue).max().orElseThrow();
        };
    }

    private static void check(String what, Object got, Object expected) {
        if (expected instanceof Double d && got instanceof Double g) {
            assertThat(g).as(what).isCloseTo(d, within(1e-9));
        } else {
            assertThat(got).as(what).isEqualTo(expected);
        }
    }
}
