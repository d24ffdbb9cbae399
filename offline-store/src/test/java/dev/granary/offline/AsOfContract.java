package dev.granary.offline;

import static dev.granary.offline.Fixture.at;
import static dev.granary.offline.Fixture.cols;
import static dev.granary.offline.Fixture.row;
import static dev.granary.offline.Fixture.rows;
import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.RepoSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The as-of reads materialization uses: the latest row in range per key, TTL counted from the range's end. */
interface AsOfContract extends OfflineEngineUnderTest {
    private List<AsOfBatch.Row> asOf(RepoSpec spec, long start, long end, int batch) {
        List<AsOfBatch.Row> rows = new ArrayList<>();
        engine().asOf(spec, spec.featureViews().get(0), at(start), at(end), dir(), batch, b -> {
            assertThat(b.rows().size()).isLessThanOrEqualTo(batch);
            assertThat(b.featureNames()).isEqualTo(spec.featureViews().get(0).featureNames());
            rows.addAll(b.rows());
        });
        rows.sort(Comparator.comparing(r -> (Long) r.keys().get(0)));
        return rows;
    }

    @Test
    default void asOfTakesTheLatestRowInRangePerKeyWithTtlFromEnd() {
        ParquetTables.write(dir().resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 0.1), row(1L, at(50), 0.5), row(1L, at(200), 2.0), // 200 is after end
                        row(2L, at(5), 0.2), // before start
                        row(3L, at(20), 0.3), row(3L, at(60), null), // a null in the newest row is the value
                        row(4L, at(30), 0.4))); // older than end - ttl
        var spec = repo(60, List.of(new AggregationSpec("n", AggregationFunction.COUNT, "rate", 100, "")));
        List<AsOfBatch.Row> rows = asOf(spec, 10, 100, 1);
        assertThat(rows).extracting(r -> r.keys().get(0)).containsExactly(1L, 3L);
        assertThat(rows.get(0).values()).containsExactly(0.5, 2L);
        assertThat(rows.get(0).eventTimestamp()).isEqualTo(at(50));
        assertThat(rows.get(1).values()).containsExactly(null, 1L);
        assertThat(rows.get(1).eventTimestamp()).isEqualTo(at(60));
    }

    @Test
    default void asOfOfAnAggregationOnlyViewUsesTheNewestEventTime() {
        ParquetTables.write(dir().resolve("stats.parquet"), cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64),
                rows(row(1L, at(10), 1.0), row(1L, at(40), 3.0), row(1L, at(95), 5.0)));
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("stats", "stats.parquet", false)),
                List.of(Fixture.view("agg", "stats", List.of("driver"), 0, List.of(),
                        List.of(new AggregationSpec("mean", AggregationFunction.MEAN, "rate", 60, ""),
                                new AggregationSpec("total", AggregationFunction.SUM, "rate", 1000, "")))));
        List<AsOfBatch.Row> rows = asOf(spec, 0, 100, 10);
        assertThat(rows).hasSize(1);
        // mean over (40, 100] leaves out the row at exactly 40
        assertThat(rows.get(0).values()).containsExactly(5.0, 9.0);
        assertThat(rows.get(0).eventTimestamp()).isEqualTo(at(95));
    }
}
