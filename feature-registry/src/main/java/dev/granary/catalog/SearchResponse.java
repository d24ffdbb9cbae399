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

    /** One hit. {@code stats} is null when the feature has no statistics. */
    public record HitJson(String kind, String project, String name, String view, String description, String type,
                          String featureKind, String owner, List<String> tags, Map<String, String> highlights,
                          Map<String, List<String>> matched, float score, StatsJson stats) {
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
        List<HitJson> hits = result.hits().stream().map(SearchResponse::hit).toList();
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

    private static HitJson hit(Hit h) {
        return new HitJson(h.type().key(), h.project(), h.name(), h.view(), h.description(), h.valueType(),
                h.kind() == null ? "" : h.kind().key(), h.owner(), h.tags(), h.highlights(), h.matched(), h.score(),
                StatsJson.of(h.stats()));
    }
}
