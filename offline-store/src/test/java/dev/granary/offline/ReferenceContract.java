package dev.granary.offline;

import static dev.granary.offline.Fixture.at;
import static dev.granary.offline.Fixture.cols;
import static dev.granary.offline.Fixture.column;
import static dev.granary.offline.Fixture.row;
import static dev.granary.offline.Fixture.rows;
import static dev.granary.offline.NaiveReference.aggregate;
import static dev.granary.offline.NaiveReference.check;
import static dev.granary.offline.NaiveReference.maybe;
import static dev.granary.offline.NaiveReference.pointInTime;
import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT32;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;
import static dev.granary.spec.ValueType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.offline.NaiveReference.SourceRow;
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
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine against a naive reference on random data: three views keyed by an integer, a string and a composite
 * key, ties in event and created time, nulls everywhere, several files, and budgets small enough to force the
 * in-process engine's spill path.
 */
interface ReferenceContract extends OfflineEngineUnderTest {
    @Test
    default void engineAgreesWithNaiveReferenceOnRandomDataIncludingSpill() throws IOException {
        int spilled = 0;
        for (int seed = 0; seed < randomCases(); seed++) {
            spilled += runCase(seed) ? 1 : 0;
        }
        assertThat(spilled).as("cases that took the spill path").isGreaterThanOrEqualTo(minimumSpilledCases());
    }

    /** Runs one random case and says whether the engine split a view into several partitions for it. */
    private boolean runCase(int seed) throws IOException {
        Random rnd = new Random(seed);
        Path root = Files.createDirectory(dir().resolve("case" + seed));
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
        Exported exported = run(spec, root, entityFile, null, budget, true, "v1:a", "v1:b", "v1:b_sum",
                "v1:a_count", "v1:a_mean", "v1:b_min", "v1:a_max", "v2:a", "v3:a", "v3:n");
        var out = exported.table();

        assertThat(out.rows()).as("seed %d rows", seed).hasSize(entityRows.size());
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
        return exported.result().partitions() > 1;
    }
}
