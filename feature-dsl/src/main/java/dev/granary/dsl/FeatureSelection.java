package dev.granary.dsl;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Features chosen for a feature service, as {@code view:feature} references: made by {@link FeatureView#select}
 * or {@link #of(String...)} for references written out.
 */
public record FeatureSelection(List<String> refs) {
    public FeatureSelection {
        // a null reference is recorded blank: the validator reports it where the service lists it
        refs = requireNonNull(refs, "refs is null").stream().map(r -> r == null ? "" : r).toList();
    }

    /** References written as {@code view:feature}; malformed ones are reported by the validator. */
    public static FeatureSelection of(String... refs) {
        return new FeatureSelection(java.util.Arrays.asList(requireNonNull(refs, "refs is null")));
    }
}
