package dev.granary.client.feast;

import java.util.List;

/**
 * A {@code /materialize} or {@code /materialize-incremental} body as read (times as written; null when absent).
 *
 * @param featureViews the views to load, or null for all
 * @param ignored      top-level fields Granary does not use ({@code full_feature_names}, {@code version}, ...)
 */
public record MaterializeBody(String project, String startTs, String endTs, List<String> featureViews,
                             boolean disableEventTimestamp, List<String> ignored) {
    public MaterializeBody {
        featureViews = featureViews == null ? null : List.copyOf(featureViews);
        ignored = List.copyOf(ignored);
    }
}
