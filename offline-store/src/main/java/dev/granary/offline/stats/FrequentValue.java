package dev.granary.offline.stats;

import static java.util.Objects.requireNonNull;

/**
 * A frequent value of a categorical feature with its estimated count and the bounds the frequent-items sketch
 * guarantees ({@code lowerBound <= true count <= upperBound}; all three equal while the sketch is exact).
 * Values are text: booleans {@code true}/{@code false}, bytes as {@code 0x...} hex (at most 64 bytes shown),
 * strings cut at 256 characters.
 */
public record FrequentValue(String value, long estimate, long lowerBound, long upperBound) {
    public FrequentValue {
        requireNonNull(value, "value is null");
        if (lowerBound < 0 || lowerBound > upperBound) {
            throw new IllegalArgumentException("bounds [" + lowerBound + ", " + upperBound + "] of '" + value
                    + "' are not ordered");
        }
    }
}
