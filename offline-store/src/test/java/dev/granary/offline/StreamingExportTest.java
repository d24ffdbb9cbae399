package dev.granary.offline;

import static dev.granary.offline.Fixture.at;
import static dev.granary.offline.Fixture.cols;
import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;
import static dev.granary.spec.ValueType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.RepoSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streamed training set is the file export's, row for row; a sink that throws stops the export. */
class StreamingExportTest {
    private static final int ROWS = 70_000; // more than one scan slice, so several batches

    @TempDir
    Path dir;
    private RepoSpec spec;
    private final List<FeatureRef> features = List.of(new FeatureRef("stats", "rate"), new FeatureRef("stats", "n"),
            new FeatureRef("stats", "name"));

    @BeforeEach
    void data() {
        List<Object[]> source = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            source.add(new Object[]{(long) (i % 500), at(i), i % 7 == 0 ? null : i / 10.0, "d" + i});
        }
        ParquetTables.write(dir.resolve("stats.parquet"),
                cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "rate", FLOAT64, "name", STRING), source);
        List<Object[]> entities = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            entities.add(new Object[]{i % 11 == 0 ? null : (long) (i % 600), at(i % 3500), "row" + i});
        }
        ParquetTables.write(dir.resolve("entities.parquet"),
                cols("driver_id", INT64, "event_timestamp", TIMESTAMP, "label", STRING), entities);
        spec = Fixture.repo(List.of(Fixture.driver()), List.of(Fixture.source("s", "stats.parquet", false)),
                List.of(Fixture.view("stats", "s", List.of("driver"), 600, List.of(new FeatureSpec("rate", FLOAT64),
                        new FeatureSpec("name", STRING)),
                        List.of(new AggregationSpec("n", AggregationFunction.COUNT, "rate", 100, "")))));
    }

    private static final class Collect implements TrainingSetSink {
        final List<ParquetTables.Column> columns = new ArrayList<>();
        final List<Object[]> rows = new ArrayList<>();
        int batches;

        @Override
        public void start(List<ParquetTables.Column> cols) {
            columns.addAll(cols);
        }

        @Override
        public void batch(TrainingSetBatch batch) {
            batches++;
            for (int r = 0; r < batch.rows(); r++) {
                Object[] row = new Object[columns.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = batch.value(c, r);
                }
                rows.add(row);
            }
        }
    }

    @Test
    void streamedRowsEqualTheFileExportRowForRow() {
        ParquetOfflineEngine engine = new ParquetOfflineEngine();
        Path out = dir.resolve("out.parquet");
        engine.export(new ExportRequest(spec, features, dir.resolve("entities.parquet"), null, out, false, dir, 0),
                ProgressListener.NONE);
        Collect sink = new Collect();
        ExportResult result = engine.stream(new ExportRequest(spec, features, dir.resolve("entities.parquet"), null,
                null, false, dir, 0), ProgressListener.NONE, sink);

        ParquetTables.Table file = ParquetTables.read(out);
        assertThat(sink.columns).isEqualTo(file.columns());
        assertThat(sink.batches).isGreaterThan(1);
        assertThat(result.rowCount()).isEqualTo(ROWS);
        assertThat(result.output()).isNull();
        assertThat(sink.rows).hasSize(ROWS);
        for (int r = 0; r < ROWS; r++) {
            assertThat(sink.rows.get(r)).as("row " + r).containsExactly(file.rows().get(r));
        }
    }

    @Test
    void aSinkThatThrowsStopsTheExportAndLeavesNoExportThreads() {
        int[] batches = {0};
        TrainingSetSink cancelling = new TrainingSetSink() {
            @Override
            public void start(List<ParquetTables.Column> columns) {
            }

            @Override
            public void batch(TrainingSetBatch batch) {
                if (++batches[0] == 1) {
                    throw new IllegalStateException("client cancelled");
                }
            }
        };
        assertThatThrownBy(() -> new ParquetOfflineEngine().stream(new ExportRequest(spec, features,
                dir.resolve("entities.parquet"), null, null, false, dir, 0), ProgressListener.NONE, cancelling))
                .hasMessageContaining("client cancelled");
        assertThat(batches[0]).as("no batch after the one that threw").isEqualTo(1);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("granary-export");
    }

    @Test
    void anEntityQueryStreamsToo() {
        Collect sink = new Collect();
        new ParquetOfflineEngine().stream(new ExportRequest(spec, features, null, null, null, false, dir, 0,
                new EntityQuery.AsOf(at(5000))), ProgressListener.NONE, sink);
        assertThat(sink.rows).hasSize(500);
        assertThat(sink.columns).extracting(ParquetTables.Column::name)
                .containsExactly("driver_id", "event_timestamp", "rate", "n", "name");
    }
}
