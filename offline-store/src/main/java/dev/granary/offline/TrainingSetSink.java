package dev.granary.offline;

import dev.granary.offline.ParquetTables.Column;
import java.util.List;

/**
 * Receives a training set as it is computed, instead of a file ({@link OfflineEngine#stream}): first its columns,
 * then batches of rows in entity-table order. A sink that throws stops the export at once (how a cancelled
 * client stops the work); the exception reaches the caller of {@code stream}.
 */
public interface TrainingSetSink {
    /** The columns, before the first batch (also when there are no rows). */
    void start(List<Column> columns);

    /** The next rows; the batch is valid only during the call (its buffers are reused). */
    void batch(TrainingSetBatch batch);
}
