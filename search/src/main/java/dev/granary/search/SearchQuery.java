package dev.granary.search;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.ValueType;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A catalog search: free text (empty lists everything), filters per facet (values of one facet are OR-ed,
 * facets are AND-ed) and a page ({@code limit} 1..{@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT};
 * {@code offset} 0..{@value #MAX_OFFSET}). Filter values of {@code type}, {@code kind} and {@code value_type}
 * are checked and normalised ({@code FEATURE_VIEW} becomes {@code feature_view}, {@code float64} becomes
 * {@code FLOAT64}); tag filters are {@code key} or {@code key=value}.
 *
 * @throws InvalidSearchQueryException naming the field when a limit, offset or filter value is out of range
 */
public record SearchQuery(String text, Map<Facet, Set<String>> filters, int limit, int offset) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 200;
    public static final int MAX_OFFSET = 10_000;

    public SearchQuery {
        text = text == null ? "" : text;
        requireNonNull(filters, "filters is null");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidSearchQueryException("limit",
                    "limit is " + limit + "; use a value from 1 to " + MAX_LIMIT);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new InvalidSearchQueryException("offset",
                    "offset is " + offset + "; use a value from 0 to " + MAX_OFFSET + " (narrow the query instead)");
        }
        Map<Facet, Set<String>> checked = new EnumMap<>(Facet.class);
        filters.forEach((facet, values) -> {
            requireNonNull(facet, "filter facet is null");
            Set<String> normalised = new LinkedHashSet<>();
            for (String value : requireNonNull(values, () -> "values of filter " + facet.key() + " are null")) {
                normalised.add(normalise(facet, value));
            }
            if (!normalised.isEmpty()) {
                checked.put(facet, Set.copyOf(normalised));
            }
        });
        filters = Map.copyOf(checked);
    }

    /** Free text, no filters, the default page. */
    public static SearchQuery of(String text) {
        return new SearchQuery(text, Map.of(), DEFAULT_LIMIT, 0);
    }

    /** This query with one more accepted value for a facet. */
    public SearchQuery filter(Facet facet, String value) {
        Map<Facet, Set<String>> more = new EnumMap<>(Facet.class);
        more.putAll(filters);
        Set<String> values = new LinkedHashSet<>(more.getOrDefault(facet, Set.of()));
        values.add(value);
        more.put(facet, values);
        return new SearchQuery(text, more, limit, offset);
    }

    /** This query with another page. */
    public SearchQuery page(int newLimit, int newOffset) {
        return new SearchQuery(text, filters, newLimit, newOffset);
    }

    private static String normalise(Facet facet, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSearchQueryException(facet.key(), "filter " + facet.key() + " has an empty value; "
                    + "drop the parameter or give a value");
        }
        String v = value.trim();
        return switch (facet) {
            case TYPE -> ObjectKind.parse(v).map(ObjectKind::key).orElseThrow(() -> bad(facet, v,
                    "entity, source, feature_view, feature, feature_service"));
            case KIND -> FeatureKind.parse(v).map(FeatureKind::key).orElseThrow(() -> bad(facet, v,
                    "numeric, categorical"));
            case VALUE_TYPE -> ValueType.parse(v).map(ValueType::name).orElseThrow(() -> bad(facet, v,
                    "a value type such as INT64, FLOAT64, STRING, FLOAT32_LIST"));
            default -> v;
        };
    }

    private static InvalidSearchQueryException bad(Facet facet, String value, String allowed) {
        return new InvalidSearchQueryException(facet.key(),
                "filter " + facet.key() + " has unknown value '" + value + "'; use one of: " + allowed);
    }
}
