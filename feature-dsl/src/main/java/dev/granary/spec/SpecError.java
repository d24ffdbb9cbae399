package dev.granary.spec;

import static java.util.Objects.requireNonNull;

/**
 * One problem in a spec: where it is ({@code featureViews[driver_stats].features[conv_rate].type}), what is
 * wrong, and how to fix it. Validation collects all of them rather than stopping at the first.
 */
public record SpecError(String path, String message, String fix) {
    public SpecError {
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
        fix = fix == null ? "" : fix;
    }

    @Override
    public String toString() {
        return fix.isEmpty() ? path + ": " + message : path + ": " + message + " (fix: " + fix + ")";
    }
}
