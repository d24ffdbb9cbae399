package dev.granary.spec;

/**
 * Whether a feature's values are read as numbers or as categories: the one rule behind the statistics computed for a
 * feature and the catalog's {@code kind} facet, so a feature's kind does not depend on whether statistics exist.
 * {@code INT32}, {@code INT64}, {@code FLOAT32}, {@code FLOAT64} and {@code TIMESTAMP} (ordered instants, summarised as
 * epoch seconds) are numeric; {@code BOOL}, {@code STRING}, {@code BYTES} and every list type are categorical.
 */
public enum ValueKind {
    NUMERIC, CATEGORICAL;

    public static ValueKind of(ValueType type) {
        return switch (type) {
            case INT32, INT64, FLOAT32, FLOAT64, TIMESTAMP -> NUMERIC;
            default -> CATEGORICAL;
        };
    }
}
