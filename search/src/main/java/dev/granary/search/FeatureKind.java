package dev.granary.search;

import dev.granary.spec.ValueKind;
import dev.granary.spec.ValueType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a feature's values are read as numbers or as categories; the value of the {@code kind} facet. The
 * statistics decide it (their rule lives with the statistics); without statistics the catalog falls back to the
 * value type ({@link #ofType}).
 */
public enum FeatureKind {
    NUMERIC, CATEGORICAL;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The fallback without statistics, by the same rule the statistics follow ({@link ValueKind}). */
    public static FeatureKind ofType(ValueType type) {
        return ValueKind.of(type) == ValueKind.NUMERIC ? NUMERIC : CATEGORICAL;
    }

    public static Optional<FeatureKind> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String wanted = key.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.name().equals(wanted)).findFirst();
    }
}
