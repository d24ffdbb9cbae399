package dev.granary.materialization;

/**
 * Receives the progress of a materialization (for a progress bar or a job record). Called after each written batch
 * (from the writer thread) and after each view (from the thread running the materialization), so implementations
 * must be thread-safe and quick.
 */
@FunctionalInterface
public interface MaterializationProgress {
    MaterializationProgress NONE = (view, rows, viewsDone, viewsTotal) -> { };

    /**
     * @param view       the view being written (or just finished)
     * @param rows       rows written so far over all views
     * @param viewsDone  views finished
     * @param viewsTotal views to do
     */
    void update(String view, long rows, int viewsDone, int viewsTotal);
}
