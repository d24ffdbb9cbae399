package dev.granary.flight;

import dev.granary.offline.ParquetTables.Column;
import dev.granary.offline.TrainingSetBatch;
import dev.granary.offline.TrainingSetSink;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * Writes the engine's batches as an Arrow IPC stream into an HTTP response, one record batch per engine batch,
 * reusing one set of vectors. Nothing is written, and the status stays open, until the first batch (or the end of
 * an empty set): an error found before that still answers as the REST API does, with a JSON body.
 */
final class ArrowHttpSink implements TrainingSetSink, AutoCloseable {
    static final String MEDIA_TYPE = "application/vnd.apache.arrow.stream";

    private final BufferAllocator allocator;
    private final HttpServletResponse response;
    private VectorSchemaRoot root;
    private ArrowStreamWriter writer;

    ArrowHttpSink(BufferAllocator allocator, HttpServletResponse response) {
        this.allocator = allocator;
        this.response = response;
    }

    @Override
    public void start(List<Column> columns) {
        root = VectorSchemaRoot.create(ArrowTrainingSetSink.schema(columns), allocator);
    }

    @Override
    public void batch(TrainingSetBatch batch) {
        try {
            open();
            ArrowTrainingSetSink.fill(root, batch);
            writer.writeBatch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether bytes of the stream may have reached the client, so an error can no longer be a JSON answer. */
    boolean started() {
        return writer != null;
    }

    /** Ends the stream with Arrow's end-of-stream marker: a stream without one was cut short. */
    void completed() {
        try {
            open();
            writer.end();
            response.flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void open() throws IOException {
        if (writer != null) {
            return;
        }
        if (root == null) {
            throw new IllegalStateException("the training set had no columns");
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MEDIA_TYPE);
        writer = new ArrowStreamWriter(root, null, response.getOutputStream());
        writer.start();
    }

    @Override
    public void close() {
        // the writer is not closed: closing it would close the response, which the container ends itself
        if (root != null) {
            root.close();
        }
    }
}
