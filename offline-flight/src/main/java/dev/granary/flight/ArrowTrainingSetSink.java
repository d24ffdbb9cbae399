package dev.granary.flight;

import dev.granary.offline.ParquetTables.Column;
import dev.granary.offline.TrainingSetBatch;
import dev.granary.offline.TrainingSetSink;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns the engine's batches into Arrow record batches on a Flight stream, one per batch, reusing one set of
 * vectors. It waits while the client is not ready (so a slow reader holds the export instead of filling memory)
 * and throws {@link Cancelled} when the client has gone, which stops the export.
 */
final class ArrowTrainingSetSink implements TrainingSetSink, AutoCloseable {
    /** The client cancelled or went away; the export stops. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("the client cancelled the stream", null, false, false);
        }
    }

    private static final long WAIT_MILLIS = 1000;

    private final BufferAllocator allocator;
    private final ServerStreamListener listener;
    private final BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
    private VectorSchemaRoot root;
    private long rows;

    ArrowTrainingSetSink(BufferAllocator allocator, ServerStreamListener listener) {
        this.allocator = allocator;
        this.listener = listener;
        backpressure.register(listener);
    }

    @Override
    public void start(List<Column> columns) {
        root = VectorSchemaRoot.create(schema(columns), allocator);
        listener.start(root);
    }

    @Override
    public void batch(TrainingSetBatch batch) {
        awaitReady();
        fill(root, batch);
        listener.putNext();
        rows += batch.rows();
    }

    long rows() {
        return rows;
    }

    private void awaitReady() {
        while (true) {
            if (listener.isCancelled()) {
                throw new Cancelled();
            }
            switch (backpressure.waitForListener(WAIT_MILLIS)) {
                case READY -> {
                    return;
                }
                case CANCELLED -> throw new Cancelled();
                default -> {
                    // TIMEOUT or OTHER: ask again; the client may be slow
                }
            }
        }
    }

    /** The Arrow schema of a training set's columns. */
    static Schema schema(List<Column> columns) {
        List<Field> fields = new ArrayList<>();
        columns.forEach(c -> fields.add(ArrowTypes.field(c.name(), c.type())));
        return new Schema(fields);
    }

    /** Puts one engine batch into {@code root}'s vectors (allocated anew, so they hold exactly this batch). */
    static void fill(VectorSchemaRoot root, TrainingSetBatch batch) {
        int n = batch.rows();
        root.allocateNew();
        List<FieldVector> vectors = root.getFieldVectors();
        for (int c = 0; c < vectors.size(); c++) {
            fill(vectors.get(c), batch, c, n);
        }
        root.setRowCount(n);
    }

    private static void fill(FieldVector vector, TrainingSetBatch batch, int c, int n) {
        for (int r = 0; r < n; r++) {
            if (batch.isNull(c, r)) {
                vector.setNull(r);
                continue;
            }
            switch (vector) {
                case BitVector v -> v.setSafe(r, batch.longValue(c, r) != 0 ? 1 : 0);
                case IntVector v -> v.setSafe(r, (int) batch.longValue(c, r));
                case BigIntVector v -> v.setSafe(r, batch.longValue(c, r));
                case Float4Vector v -> v.setSafe(r, (float) batch.doubleValue(c, r));
                case Float8Vector v -> v.setSafe(r, batch.doubleValue(c, r));
                case TimeStampMicroTZVector v -> v.setSafe(r, batch.longValue(c, r));
                case VarCharVector v -> v.setSafe(r, batch.bytesValue(c, r));
                case VarBinaryVector v -> v.setSafe(r, batch.bytesValue(c, r));
                default -> throw new IllegalStateException("no filler for " + vector.getClass().getSimpleName());
            }
        }
        vector.setValueCount(n);
    }

    /** Ends the stream: completed when every batch went out. */
    void completed() {
        if (root == null) {
            throw new IllegalStateException("the training set had no columns");
        }
        listener.completed();
    }

    @Override
    public void close() {
        if (root != null) {
            root.close();
        }
    }
}
