package dev.granary.dsl;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Features chosen for a feature service, as {@code view:feature} references: made by {@link FeatureView#select}
 * or {@link #of(String...)} for references written out.
 */
public record FeatureSelection(List<String> refs) {
    public FeatureSelection {
        refs = List.copyOf(requireNonNull(refs, "refs is null"));
    }

    /** References written as {@code view:feature}; malformed ones are reported by the validator. */
    public static FeatureSelection of(String... refs) {
        return new FeatureSelection(List.of(requireNonNull(refs, "refs is null")));
    }
}
