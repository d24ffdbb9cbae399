package dev.granary.materialization;

import dev.granary.error.ListField;
import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import java.time.Instant;
import java.util.List;

/**
 * What to materialize: a project's online views (all of them when {@code views} is empty) either over
 * {@code [start, end]} or, when {@code incremental}, from each view's watermark to {@code end}.
 *
 * @throws BadRequestException naming the field when {@code end} is missing, {@code start} is missing for a plain
 *                             run, given for an incremental one, or after {@code end}
 */
public record MaterializeRequest(String project, Instant start, Instant end, List<String> views, boolean incremental) {
    public MaterializeRequest {
        requireNonNull(project, "project is null");
        views = ListField.copy("views", views);
        if (end == null) {
            throw new BadRequestException("end", "'end' is required: the ISO-8601 instant to materialize up to,"
                    + " e.g. 2026-11-20T00:00:00Z");
        }
        if (incremental && start != null) {
            throw new BadRequestException("start", "An incremental materialization starts from each view's"
                    + " watermark; leave 'start' out or set 'incremental' to false");
        }
        if (!incremental && start == null) {
            throw new BadRequestException("start", "'start' is required: the ISO-8601 instant of the oldest source"
                    + " rows to use, e.g. 2026-11-01T00:00:00Z (or set 'incremental': true)");
        }
        if (start != null && start.isAfter(end)) {
            throw new BadRequestException("start", "'start' " + start + " is after 'end' " + end + "; swap them");
        }
    }

    public static MaterializeRequest range(String project, Instant start, Instant end, List<String> views) {
        return new MaterializeRequest(project, start, end, views, false);
    }

    public static MaterializeRequest incremental(String project, Instant end, List<String> views) {
        return new MaterializeRequest(project, null, end, views, true);
    }

    public String kind() {
        return incremental ? "materialize-incremental" : "materialize";
    }
}
