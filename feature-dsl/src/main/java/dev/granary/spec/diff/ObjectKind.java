package dev.granary.spec.diff;

import java.util.Locale;

/** What a {@link SpecChange} is about. Features and aggregations are named {@code view:feature}. */
public enum ObjectKind {
    ENTITY, SOURCE, FEATURE_VIEW, FEATURE, AGGREGATION, FEATURE_SERVICE, PUSH_SOURCE;

    /** The word used in a rendered plan, such as {@code feature_view}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
