package dev.granary.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A reference {@code view:feature}. Its full name, used for output columns, is {@code view__feature}. */
public record FeatureRef(String view, String feature) {
    public FeatureRef {
        requireNonNull(view, "view is null");
        requireNonNull(feature, "feature is null");
    }

    /** Parses {@code view:feature}; empty when the text is not of that shape. */
    public static Optional<FeatureRef> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.indexOf(':', colon + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new FeatureRef(text.substring(0, colon).trim(), text.substring(colon + 1).trim()));
    }

    public String fullName() {
        return view + "__" + feature;
    }

    @Override
    public String toString() {
        return view + ":" + feature;
    }
}
