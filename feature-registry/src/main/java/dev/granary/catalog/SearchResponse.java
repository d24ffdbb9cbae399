package dev.granary.catalog;

import static java.util.Objects.requireNonNull;

import dev.granary.search.Facet;
import dev.granary.search.FacetCount;
import dev.granary.search.FeatureStatsSummary;
import dev.granary.search.Hit;
import dev.granary.search.SearchResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a search, for {@code GET /api/v1/search} and {@code granary search --json}: the exact total, the
 * page of hits best first, and per facet the value counts (most frequent first). In a hit, {@code kind} is the
 * object kind ({@code feature}, {@code feature_view}, ...), {@code type} the feature's value type and
 * {@code featureKind} {@code numeric}/{@code categorical} (both empty for other objects). {@code matched} says why
 * a hit was found: per field the query matched ({@code name}, {@code description}, {@code view}, {@code entity},
 * {@code source}, {@code service}, {@code meta}), the query words that matched there.
 */
public record SearchResponse(long total, List<HitJson> hits, Map<String, Map<String, Long>> facets) {
    public SearchResponse {
        hits = List.copyOf(requireNonNull(hits, "hits is null"));
        requireNonNull(facets, "facets is null");
    }

    /**
     * One hit. {@code stats} is null when the feature has no statistics, and always for a restricted one (the
     * catalog does not index them); {@code restricted} marks a restricted feature, or a view restricting all its
     * features.
     */
    public record HitJson(String kind, String project, String name, String view, String description, String type,
                          String featureKind, String owner, List<String> tags, Map<String, String> highlights,
                          Map<String, List<String>> matched, float score, StatsJson stats, boolean restricted) {
    }

    /** Which hits are restricted: for a feature, its project, view and name; for a view, its project and name. */
    public interface Restrictions {
        Restrictions NONE = (project, view, feature) -> false;

        /** @param feature the feature's name, or null for the view itself */
        boolean restricted(String project, String view, String feature);
    }

    /** A hit's statistics summary; numbers are null when not numeric or unknown. */
    public record StatsJson(String kind, double nullFraction, long distinctCount, Double min, Double max, Double mean) {
        static StatsJson of(FeatureStatsSummary s) {
            return s == null ? null : new StatsJson(s.kind().key(), s.nullFraction(), s.distinctCount(),
                    boxed(s.min()), boxed(s.max()), boxed(s.mean()));
        }

        private static Double boxed(double v) {
            return Double.isNaN(v) ? null : v;
        }
    }

    public static SearchResponse of(SearchResult result) {
        return of(result, Restrictions.NONE);
    }

    /** The response, marking hits {@code restrictions} says are restricted. */
    public static SearchResponse of(SearchResult result, Restrictions restrictions) {
        List<HitJson> hits = result.hits().stream().map(h -> hit(h, restrictions)).toList();
        Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
        for (Facet facet : Facet.values()) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (FacetCount c : result.facet(facet)) {
                counts.put(c.value(), c.count());
            }
            facets.put(facet.key(), counts);
        }
        return new SearchResponse(result.totalHits(), hits, facets);
    }

    private static HitJson hit(Hit h, Restrictions restrictions) {
        boolean restricted = switch (h.type()) {
            case FEATURE -> restrictions.restricted(h.project(), h.view(), h.name());
            case FEATURE_VIEW -> restrictions.restricted(h.project(), h.name(), null);
            default -> false;
        };
        return new HitJson(h.type().key(), h.project(), h.name(), h.view(), h.description(), h.valueType(),
                h.kind() == null ? "" : h.kind().key(), h.owner(), h.tags(), h.highlights(), h.matched(), h.score(),
                StatsJson.of(h.stats()), restricted);
    }
}
