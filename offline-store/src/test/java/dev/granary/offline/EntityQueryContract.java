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
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;
import static dev.granary.spec.ValueType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Exports without an entity table ({@code --as-of}, {@code --range}): refused clearly by engines without them,
 * refused over views with different keys, and on random data equal to the rules of semantics.md computed here.
 */
interface EntityQueryContract extends OfflineEngineUnderTest {
    @Test
    default void entityQueriesAreRefusedClearlyByEnginesWithoutThem() {
        ParquetTables.write(dir().resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 0.1)));
        if (engine().supportsEntityQueries()) {
            var out = exportQuery(driverRepo(0, false), dir(), new EntityQuery.AsOf(at(20)), 0, "driver_stats:rate");
            assertThat(out.columns().stream().map(ParquetTables.Column::name))
                    .containsExactly("driver_id", "event_timestamp", "driver_stats__rate");
            assertThat(out.rows()).containsExactly(new Object[]{1L, at(20), 0.1});
        } else {
            assertThatThrownBy(() -> exportQuery(driverRepo(0, false), dir(), new EntityQuery.AsOf(at(20)), 0,
                    "driver_stats:rate")).isInstanceOf(OfflineStoreException.class).hasMessageContaining("entity table");
        }
    }

    @Test
    default void entityQueryOverViewsWithDifferentKeysIsRefused() {
        if (!engine().supportsEntityQueries()) {
            return;
        }
        EntitySpec customer = new EntitySpec("customer", List.of(new JoinKey("customer_id", STRING)), "");
        ParquetTables.write(dir().resolve("d.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(1), 0.1)));
        ParquetTables.write(dir().resolve("c.parquet"), cols("customer_id", STRING, "event_timestamp", TIMESTAMP, "spend", INT64),
                rows(row("x", at(1), 10L)));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver(), customer),
                List.of(Fixture.source("d", "d.parquet", false), Fixture.source("c", "c.parquet", false)),
                List.of(Fixture.view("drivers", "d", List.of("driver"), 0, List.of(new FeatureSpec("rate", FLOAT64)), List.of()),
                        Fixture.view("customers", "c", List.of("customer"), 0, List.of(new FeatureSpec("spend", INT64)), List.of())));
        assertThatThrownBy(() -> exportQuery(spec, dir(), new EntityQuery.AsOf(at(5)), 0, "drivers:rate", "customers:spend"))
                .isInstanceOf(OfflineStoreException.class).hasMessageContaining("different join keys")
                .hasMessageContaining("give an entity table");
    }

    /**
     * Two views of one entity on two sources (a folder with created times, a file with another time column); the
     * three kinds of query on random data, each row checked against the rules of semantics.md computed here.
     */
    @Test
    default void entityQueriesAgreeWithNaiveReferenceOnRandomData() throws IOException {
        if (!engine().supportsEntityQueries()) {
            return;
        }
        int compared = 0;
        for (int seed = 0; seed < Math.max(3, randomCases() / 4); seed++) {
            compared += runQueryCase(seed);
        }
        assertThat(compared).as("rows compared").isGreaterThan(100);
    }

    private int runQueryCase(int seed) throws IOException {
        Random rnd = new Random(1000 + seed);
        Path root = Files.createDirectory(dir().resolve("query" + seed));
        long ttl = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(40);
        long w = 1 + rnd.nextInt(50);
        List<SourceSpec> sources = List.of(new SourceSpec("s1", "s1", "event_timestamp", "created"),
                new SourceSpec("s2", "s2.parquet", "ts", null));
        FeatureViewSpec v1 = new FeatureViewSpec("v1", List.of("driver"), "s1", ttl, true,
                List.of(new FeatureSpec("a", FLOAT64)),
                List.of(new AggregationSpec("a_sum", AggregationFunction.SUM, "a", w, "")), "", null, "");
        FeatureViewSpec v2 = new FeatureViewSpec("v2", List.of("driver"), "s2", 0, true,
                List.of(new FeatureSpec("b", INT64)), List.of(), "", null, "");
        RepoSpec spec = new RepoSpec("t", List.of(Fixture.driver()), sources, List.of(v1, v2), List.of());
        Files.createDirectory(root.resolve("s1"));
        List<SourceRow> s1 = new ArrayList<>();
        for (String file : List.of("part-0.parquet", "part-1.parquet")) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = rnd.nextInt(25); i > 0; i--) {
                Object[] r = {maybe(rnd, (long) rnd.nextInt(8)), maybe(rnd, at(rnd.nextInt(100))),
                        maybe(rnd, at(rnd.nextInt(3))), maybe(rnd, (double) rnd.nextInt(10))};
                rows.add(r);
                s1.add(new SourceRow(new Object[]{r[0]}, (Instant) r[1], (Instant) r[2], new Object[]{r[3]}, s1.size()));
            }
            ParquetTables.write(root.resolve("s1").resolve(file),
                    cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "created", TIMESTAMP, "a", FLOAT64), rows);
        }
        List<SourceRow> s2 = new ArrayList<>();
        List<Object[]> rows2 = new ArrayList<>();
        for (int i = rnd.nextInt(25); i > 0; i--) {
            Object[] r = {maybe(rnd, (long) rnd.nextInt(8)), maybe(rnd, at(rnd.nextInt(100))), maybe(rnd, (long) rnd.nextInt(50))};
            rows2.add(r);
            s2.add(new SourceRow(new Object[]{r[0]}, (Instant) r[1], null, new Object[]{r[2]}, s2.size()));
        }
        ParquetTables.write(root.resolve("s2.parquet"), cols("driver_id", INT64, "ts", TIMESTAMP, "b", INT64), rows2);

        // the reference: first event time per key, and the distinct events, over both sources
        java.util.TreeMap<Long, Instant> firstSeen = new java.util.TreeMap<>();
        java.util.TreeSet<Object[]> events = new java.util.TreeSet<>(Comparator.<Object[], Instant>comparing(e -> (Instant) e[1])
                .thenComparing(e -> (Long) e[0]));
        for (SourceRow r : s1.size() + s2.size() > 0 ? concat(s1, s2) : List.<SourceRow>of()) {
            if (r.keys()[0] != null && r.ts() != null) {
                firstSeen.merge((Long) r.keys()[0], r.ts(), (x, y) -> x.isBefore(y) ? x : y);
                events.add(new Object[]{r.keys()[0], r.ts()});
            }
        }
        Instant start = at(rnd.nextInt(60));
        Instant end = start.plusSeconds(rnd.nextInt(60));
        long every = 1 + rnd.nextInt(20);
        List<Object[]> asOfRows = new ArrayList<>();
        Instant asOf = at(rnd.nextInt(110));
        firstSeen.forEach((k, t) -> {
            if (!t.isAfter(asOf)) {
                asOfRows.add(new Object[]{k, asOf});
            }
        });
        List<Object[]> eventRows = new ArrayList<>();
        for (Object[] e : events) {
            if (!((Instant) e[1]).isBefore(start) && !((Instant) e[1]).isAfter(end)) {
                eventRows.add(e);
            }
        }
        List<Object[]> stepRows = new ArrayList<>();
        for (Instant step = start; !step.isAfter(end); step = step.plusSeconds(every)) {
            Instant s = step;
            firstSeen.forEach((k, t) -> {
                if (!t.isAfter(s)) {
                    stepRows.add(new Object[]{k, s});
                }
            });
        }
        long budget = rnd.nextBoolean() ? 0 : 800 + rnd.nextInt(2500);
        int compared = 0;
        compared += compareQuery(spec, root, new EntityQuery.AsOf(asOf), budget, asOfRows, s1, s2, ttl, w, seed);
        compared += compareQuery(spec, root, EntityQuery.Range.events(start, end), budget, eventRows, s1, s2, ttl, w, seed);
        compared += compareQuery(spec, root, new EntityQuery.Range(start, end, java.time.Duration.ofSeconds(every)),
                budget, stepRows, s1, s2, ttl, w, seed);
        return compared;
    }

    private static List<SourceRow> concat(List<SourceRow> a, List<SourceRow> b) {
        List<SourceRow> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private int compareQuery(RepoSpec spec, Path root, EntityQuery query, long budget, List<Object[]> expectedRows,
                             List<SourceRow> s1, List<SourceRow> s2, long ttl, long w, int seed) {
        Exported exported = run(spec, root, null, query, budget, true, "v1:a", "v1:a_sum", "v2:b");
        var out = exported.table();
        String at = "seed " + seed + " " + query.describe();
        assertThat(out.columns().stream().map(ParquetTables.Column::name)).as(at)
                .containsExactly("driver_id", "event_timestamp", "v1__a", "v1__a_sum", "v2__b");
        assertThat(out.rows()).as(at + " rows").hasSize(expectedRows.size());
        for (int r = 0; r < expectedRows.size(); r++) {
            Object[] e = expectedRows.get(r);
            Object[] got = out.rows().get(r);
            String where = at + " row " + r;
            assertThat(got[0]).as(where + " key").isEqualTo(e[0]);
            assertThat(got[1]).as(where + " time").isEqualTo(e[1]);
            Object[] keys = {e[0]};
            Instant t = (Instant) e[1];
            SourceRow p1 = pointInTime(s1, keys, t, ttl);
            check(where + " v1:a", got[2], p1 == null ? null : p1.values()[0]);
            check(where + " v1:a_sum", got[3], aggregate(s1, keys, t, w, 0, AggregationFunction.SUM));
            SourceRow p2 = pointInTime(s2, keys, t, 0);
            check(where + " v2:b", got[4], p2 == null ? null : p2.values()[0]);
        }
        assertThat(exported.result().rowCount()).as(at + " row count").isEqualTo(expectedRows.size());
        return expectedRows.size();
    }
}
