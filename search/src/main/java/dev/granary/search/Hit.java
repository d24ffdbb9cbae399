package dev.granary.search;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One search hit. {@code view} is the feature view of a feature and empty otherwise; {@code valueType} is the
 * feature's value type name and empty otherwise; {@code kind} is null except for features. {@code tags} are
 * {@code key=value}. {@code highlights} maps {@code name} and/or {@code description} to a fragment with the
 * matched words in {@code <em>..</em>} (the rest HTML-escaped); a field without a match is absent. {@code matched}
 * explains the hit: per field the query matched ({@code name}, {@code description}, and for features the context
 * fields {@code view}, {@code entity}, {@code source}, {@code service}, and {@code meta}: owner, tags, the
 * aggregation), the query words that matched there, in the order of the fields. {@code stats} is the feature's
 * statistics summary, null when none was indexed.
 */
public record Hit(ObjectKind type, String project, String name, String view, String description, String valueType,
                  FeatureKind kind, String owner, List<String> tags, Map<String, String> highlights,
                  Map<String, List<String>> matched, float score, FeatureStatsSummary stats) {
    public Hit {
        requireNonNull(type, "type is null");
        requireNonNull(project, "project is null");
        requireNonNull(name, "name is null");
        view = view == null ? "" : view;
        description = description == null ? "" : description;
        valueType = valueType == null ? "" : valueType;
        owner = owner == null ? "" : owner;
        tags = tags == null ? List.of() : List.copyOf(tags);
        highlights = highlights == null ? Map.of() : Map.copyOf(highlights);
        matched = matched == null ? Map.of() : copyInOrder(matched);
    }

    private static Map<String, List<String>> copyInOrder(Map<String, List<String>> matched) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        matched.forEach((field, words) -> copy.put(requireNonNull(field, "matched field is null"),
                List.copyOf(words)));
        return Collections.unmodifiableMap(copy);
    }

    /** {@code view:feature} for a feature, the name otherwise. */
    public String qualifiedName() {
        return view.isEmpty() ? name : view + ":" + name;
    }
}
