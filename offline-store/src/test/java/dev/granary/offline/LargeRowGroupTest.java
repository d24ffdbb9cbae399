package dev.granary.offline;

import static dev.granary.offline.Fixture.at;
import static dev.granary.offline.Fixture.cols;
import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;
import static dev.granary.spec.ValueType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A row group larger than the scan's decoding slice ({@link ParquetScan#SLICE_ROWS} rows) is read in several
 * slices; values, strings and windows must come out as if it were read at once, in memory and when spilling.
 */
class LargeRowGroupTest {
    private static final int KEYS = 1_000;
    private static final int ROWS_PER_KEY = 200;

    @TempDir
    Path dir;

    @Test
    void rowGroupsLargerThanOneSliceGiveTheSameValues() throws IOException {
        List<Object[]> source = new ArrayList<>();
        // keys interleaved, so every key's rows are spread over all slices of the row group
        for (int i = 0; i < ROWS_PER_KEY; i++) {
            for (long k = 0; k < KEYS; k++) {
                source.add(new Object[] {k, at(i * 10L), k * 1000.0 + i, "s" + (k * 7 + i) % 97, (long) i});
            }
        }
        Path file = dir.resolve("big.parquet");
        ParquetTables.write(file, cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "value", FLOAT64,
                "label", STRING, "n", INT64), source);
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            assertThat(reader.getRowGroups()).as("one row group").hasSize(1);
            assertThat(reader.getRowGroups().getFirst().getRowCount()).isGreaterThan(ParquetScan.SLICE_ROWS);
        }
        List<Object[]> entities = new ArrayList<>();
        for (long k = 0; k < KEYS; k++) {
            entities.add(new Object[] {k, at((k % ROWS_PER_KEY) * 10L + 5)});
        }
        Path entityFile = dir.resolve("entities.parquet");
        ParquetTables.write(entityFile, cols("driver_id", INT64, "event_timestamp", TIMESTAMP), entities);
        RepoSpec spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("big", "big.parquet", false)),
                List.of(Fixture.view("big", "big", List.of("driver"), 0,
                        List.of(new FeatureSpec("value", FLOAT64), new FeatureSpec("label", ValueType.STRING)),
                        List.of(new AggregationSpec("n_sum_100s", AggregationFunction.SUM, "n", 100, "")))));

        for (long budget : new long[] {0, 1 << 20}) {
            Path out = dir.resolve("out-" + budget + ".parquet");
            ExportResult result = new ParquetOfflineEngine().export(new ExportRequest(spec, List.of(
                    new FeatureRef("big", "value"), new FeatureRef("big", "label"), new FeatureRef("big", "n_sum_100s")),
                    entityFile, null, out, false, dir, budget), ProgressListener.NONE);
            ParquetTables.Table table = ParquetTables.read(out);
            if (budget == 0) {
                assertThat(result.partitions()).as("the default budget holds it in memory").isEqualTo(1);
            }
            if (budget > 0) {
                assertThat(result.partitions()).as("a 1 MiB budget spills").isGreaterThan(1);
            }
            int value = table.columnIndex("value");
            int label = table.columnIndex("label");
            int sum = table.columnIndex("n_sum_100s");
            for (int r = 0; r < KEYS; r++) {
                long k = r;
                long i = k % ROWS_PER_KEY; // the newest row at or before t = i * 10 + 5
                Object[] row = table.rows().get(r);
                assertThat(row[value]).as("value of key %d, budget %d", k, budget).isEqualTo(k * 1000.0 + i);
                assertThat(row[label]).as("label of key %d", k).isEqualTo("s" + (k * 7 + i) % 97);
                // window (t - 100, t]: rows j with j * 10 in (i * 10 - 95, i * 10 + 5], i.e. j in [i - 9, i]
                long expected = 0;
                for (long j = Math.max(0, i - 9); j <= i; j++) {
                    expected += j;
                }
                assertThat(row[sum]).as("window sum of key %d", k).isEqualTo(expected);
            }
        }
    }
}
