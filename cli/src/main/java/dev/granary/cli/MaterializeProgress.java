package dev.granary.cli;

import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.materialization.MaterializationProgress;
import dev.granary.materialization.MaterializationResult;
import dev.granary.materialization.MaterializeRequest;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * What both materialize commands share: running the job (here or in the server) while drawing a progress bar on
 * stderr (redrawn at most five times a second), and the report.
 */
final class MaterializeProgress implements MaterializationProgress {
    /** A materialization reads the registry, writes the online store and tells the catalog of new statistics. */
    static final RepositoryStore[] STORES = {RepositoryStore.REGISTRY, RepositoryStore.ONLINE, RepositoryStore.CATALOG};

    private static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private long last;
    private boolean drawn;

    private MaterializeProgress(PrintWriter err) {
        this.err = err;
    }

    static MaterializationResult run(RepositoryBackend backend, MaterializeRequest request, PrintWriter out,
                                     PrintWriter err) {
        MaterializeProgress bar = new MaterializeProgress(err);
        try {
            MaterializationResult result = backend.materialize(request, bar);
            bar.finish();
            for (MaterializationResult.ViewResult view : result.views()) {
                out.println(view.upToDate() ? view.view() + ": already materialized up to " + view.end()
                        : view.view() + ": " + view.applied() + " rows written, " + view.skipped()
                        + " already newer, from " + view.start() + " to " + view.end());
            }
            if (result.views().isEmpty()) {
                out.println("Project " + result.project() + " has no online views; nothing to materialize.");
            }
            return result;
        } finally {
            bar.finish();
        }
    }

    @Override
    public synchronized void update(String view, long rows, int viewsDone, int viewsTotal) {
        long now = System.nanoTime();
        if (drawn && now - last < EVERY_NANOS && viewsDone < viewsTotal) {
            return;
        }
        last = now;
        drawn = true;
        int filled = viewsTotal == 0 ? WIDTH : WIDTH * viewsDone / viewsTotal;
        err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + viewsDone + "/" + viewsTotal
                + " views, " + rows + " rows" + (view == null || view.isEmpty() ? "" : " (" + view + ")") + "   ");
        err.flush();
    }

    private synchronized void finish() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }
}
