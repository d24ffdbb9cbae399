package dev.granary.offline;

import static dev.granary.offline.Fixture.at;
import static dev.granary.offline.Fixture.cols;
import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT32;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;
import static dev.granary.spec.ValueType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A materialization read over the memory budget is split by key into several passes over the source; the rows it
 * emits are exactly those of the single in-memory pass, for integer, string and composite keys, nulls, ties, TTL and
 * window aggregations, a source in several files.
 */
class AsOfPartitionTest {
    @TempDir
    Path dir;

    @Test
    void partitionedReadEmitsExactlyTheRowsOfOnePass() throws IOException {
        int partitioned = 0;
        for (int seed = 0; seed < 60; seed++) {
            Random rnd = new Random(seed);
            Path root = Files.createDirectory(dir.resolve("case" + seed));
            RepoSpec spec = randomCase(rnd, root);
            FeatureViewSpec view = spec.featureViews().getFirst();
            long start = rnd.nextInt(40);
            long end = start + rnd.nextInt(80);
            int batch = 1 + rnd.nextInt(7);
            List<String> whole = new ArrayList<>();
            assertThat(AsOfReader.read(spec, view, at(start), at(end), root, batch, b -> collect(b, batch, whole),
                    Long.MAX_VALUE)).isEqualTo(1);
            List<String> split = new ArrayList<>();
            int passes = AsOfReader.read(spec, view, at(start), at(end), root, batch, b -> collect(b, batch, split),
                    1 + rnd.nextInt(2_000));
            if (passes > 1) {
                partitioned++;
            }
            whole.sort(null);
            split.sort(null);
            assertThat(split).as("seed %d, %d passes", seed, passes).isEqualTo(whole);
        }
        assertThat(partitioned).as("cases read in more than one pass").isGreaterThan(40);
    }

    @Test
    void equalKeysLandInOnePartitionWhicheverChunkHoldsThem() {
        ColumnData a = new ColumnData(ColumnData.Kind.OBJECT, 2);
        a.appendObject(org.apache.parquet.io.api.Binary.fromString("driver-7"));
        a.appendObject(org.apache.parquet.io.api.Binary.fromConstantByteArray("driver-7".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        ColumnData[] keys = {a};
        assertThat(AsOfReader.partitionOf(keys, 0, 13)).isEqualTo(AsOfReader.partitionOf(keys, 1, 13));
    }

    private static void collect(AsOfBatch batch, int batchSize, List<String> into) {
        assertThat(batch.rows()).hasSizeLessThanOrEqualTo(batchSize);
        for (AsOfBatch.Row row : batch.rows()) {
            into.add(row.keys() + " " + row.values() + " " + row.eventTimestamp());
        }
    }

    private static RepoSpec randomCase(Random rnd, Path root) throws IOException {
        List<EntitySpec> entities = List.of(
                new EntitySpec("driver", List.of(new JoinKey("driver_id", INT64)), ""),
                new EntitySpec("customer", List.of(new JoinKey("customer_id", STRING)), ""),
                new EntitySpec("zone", List.of(new JoinKey("zone", INT32)), ""));
        long ttl = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(40);
        long window = 1 + rnd.nextInt(50);
        List<AggregationSpec> aggs = List.of(new AggregationSpec("a_sum", AggregationFunction.SUM, "a", window, ""),
                new AggregationSpec("a_count", AggregationFunction.COUNT, "a", window, ""));
        int kind = rnd.nextInt(3);
        List<String> keyEntities = switch (kind) {
            case 0 -> List.of("driver");
            case 1 -> List.of("customer");
            default -> List.of("driver", "zone");
        };
        FeatureViewSpec view = new FeatureViewSpec("v", keyEntities, "s", ttl, true,
                rnd.nextInt(4) == 0 ? List.of() : List.of(new FeatureSpec("a", FLOAT64), new FeatureSpec("b", STRING)),
                rnd.nextBoolean() ? aggs : List.of(), "", null, "");
        if (view.features().isEmpty() && view.aggregations().isEmpty()) {
            view = new FeatureViewSpec("v", keyEntities, "s", ttl, true, List.of(), aggs, "", null, "");
        }
        Files.createDirectory(root.resolve("s"));
        var columns = cols("driver_id", INT64, "customer_id", STRING, "zone", INT32, "event_timestamp", TIMESTAMP,
                "created", TIMESTAMP, "a", FLOAT64, "b", STRING);
        for (String file : List.of("part-0.parquet", "part-1.parquet", "part-2.parquet")) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = rnd.nextInt(60); i > 0; i--) {
                rows.add(new Object[]{maybe(rnd, (long) rnd.nextInt(12)), maybe(rnd, "c" + rnd.nextInt(12)),
                        maybe(rnd, rnd.nextInt(3)), maybe(rnd, at(rnd.nextInt(120))), maybe(rnd, at(rnd.nextInt(3))),
                        maybe(rnd, (double) rnd.nextInt(10)), maybe(rnd, "l" + rnd.nextInt(50))});
            }
            ParquetTables.write(root.resolve("s").resolve(file), columns, rows);
        }
        return new RepoSpec("t", entities, List.of(new SourceSpec("s", "s", "event_timestamp", "created")),
                List.of(view), List.of());
    }

    private static Object maybe(Random rnd, Object value) {
        return rnd.nextInt(8) == 0 ? null : value;
    }
}
