package dev.granary.materialization;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** What a materialization did, per view. */
public record MaterializationResult(String project, List<ViewResult> views) {
    public MaterializationResult {
        requireNonNull(project, "project is null");
        views = List.copyOf(views);
    }

    /**
     * One view's run: the range used, rows applied and rows skipped because the store already held an equal or
     * newer value. {@code upToDate} when an incremental run found the watermark already at {@code end}.
     */
    public record ViewResult(String view, Instant start, Instant end, long applied, long skipped, boolean upToDate) {
        public ViewResult {
            requireNonNull(view, "view is null");
            requireNonNull(end, "end is null");
        }
    }

    public long rows() {
        return views.stream().mapToLong(v -> v.applied() + v.skipped()).sum();
    }

    public String summary() {
        StringBuilder text = new StringBuilder();
        for (ViewResult v : views) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(v.view()).append(v.upToDate() ? ": already at " + v.end()
                    : ": " + v.applied() + " rows written, " + v.skipped() + " not newer, " + v.start() + " to " + v.end());
        }
        return text.isEmpty() ? "no online views" : text.toString();
    }
}
