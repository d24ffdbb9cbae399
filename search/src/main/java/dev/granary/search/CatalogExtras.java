package dev.granary.search;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.FeatureRef;
import java.util.Map;

/**
 * What the catalog indexes beside the spec: a statistics summary and the usage of each feature, by
 * {@code view:feature}. Entries for features the spec does not hold are ignored; features without an entry have
 * no statistics (kind falls back to the value type) and no usage.
 */
public record CatalogExtras(Map<FeatureRef, FeatureStatsSummary> stats, Map<FeatureRef, FeatureUsage> usage) {
    public static final CatalogExtras NONE = new CatalogExtras(Map.of(), Map.of());

    public CatalogExtras {
        stats = Map.copyOf(requireNonNull(stats, "stats is null"));
        usage = Map.copyOf(requireNonNull(usage, "usage is null"));
    }
}
