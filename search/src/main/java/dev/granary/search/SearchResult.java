package dev.granary.search;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link SearchQuery}: the exact number of matching objects, the requested page of hits, best
 * first, and per facet the exact counts of its values (most frequent first, then by value), each computed with
 * the filters of the other facets applied (drill sideways).
 */
public record SearchResult(long totalHits, List<Hit> hits, Map<Facet, List<FacetCount>> facets) {
    public SearchResult {
        hits = List.copyOf(requireNonNull(hits, "hits is null"));
        facets = Map.copyOf(requireNonNull(facets, "facets is null"));
    }

    /** The counts of one facet, empty when no matching object has a value for it. */
    public List<FacetCount> facet(Facet facet) {
        return facets.getOrDefault(facet, List.of());
    }

    /** The count of one facet value, 0 when absent. */
    public long count(Facet facet, String value) {
        return facet(facet).stream().filter(c -> c.value().equals(value)).mapToLong(FacetCount::count).sum();
    }
}
