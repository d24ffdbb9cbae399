package dev.granary.search;

import static java.util.Objects.requireNonNull;

/** How many matching objects carry one value of a facet. */
public record FacetCount(String value, long count) {
    public FacetCount {
        requireNonNull(value, "value is null");
    }
}
