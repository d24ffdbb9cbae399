package dev.granary.client.feast;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code /push} or {@code /write-to-online-store} body as read: rows column-wise for a push source or a view.
 *
 * @param target   {@code push_source_name} of a push, {@code feature_view_name} of a write, or Granary's own
 *                 {@code feature_view}
 * @param targetField the field {@code target} came from, to name it in errors
 * @param df       column name to JSON values, in body order
 * @param to       a push's {@code to} as written, or null
 * @param ignored  top-level fields Granary does not use ({@code transform_on_write}, ...), for the caller to log
 */
public record RowsBody(String project, String target, String targetField, Map<String, List<Object>> df, String to,
                       List<String> ignored) {
    public RowsBody {
        df = df == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(df));
        ignored = List.copyOf(ignored);
    }
}
