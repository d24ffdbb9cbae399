package dev.granary.materialization;

import dev.granary.online.OnlineRow;
import dev.granary.online.OnlineStore;
import dev.granary.online.WriteResult;
import dev.granary.spec.FeatureViewSpec;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.LongConsumer;

/**
 * Writes batches of one view on its own thread so the offline engine prepares the next batch meanwhile; at most
 * two batches wait, which bounds memory. The first failure stops the run and is rethrown by the next call.
 */
final class BatchWriter implements AutoCloseable {
    private static final int IN_FLIGHT = 2;

    private final OnlineStore store;
    private final String project;
    private final FeatureViewSpec view;
    private final LongConsumer written;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "granary-materialize-writer");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final java.util.ArrayDeque<Future<WriteResult>> pending = new java.util.ArrayDeque<>();
    private WriteResult total = WriteResult.NONE;

    BatchWriter(OnlineStore store, String project, FeatureViewSpec view, LongConsumer written) {
        this.store = store;
        this.project = project;
        this.view = view;
        this.written = written;
    }

    void submit(List<OnlineRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        collectDone();
        slots.acquireUninterruptibly();
        pending.add(thread.submit(() -> {
            try {
                WriteResult result = store.write(project, view, view.featureNames(), rows);
                written.accept(rows.size());
                return result;
            } finally {
                slots.release();
            }
        }));
    }

    WriteResult finish() {
        while (!pending.isEmpty()) {
            total = total.plus(await(pending.poll()));
        }
        return total;
    }

    private void collectDone() {
        while (!pending.isEmpty() && pending.peek().isDone()) {
            total = total.plus(await(pending.poll()));
        }
    }

    private static WriteResult await(Future<WriteResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to the online store", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
