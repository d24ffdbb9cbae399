package dev.granary.online;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One feature of one entity as read from the online store. {@code value} is null unless the status is
 * {@link FeatureStatus#PRESENT}; {@code eventTime} (UTC, microsecond precision) is null only for
 * {@link FeatureStatus#NOT_FOUND}. BYTES values are {@code byte[]}, which records compare by identity: compare
 * them with {@link java.util.Arrays#equals(byte[], byte[])}.
 */
public record FeatureValue(Object value, Instant eventTime, FeatureStatus status) {
    public FeatureValue {
        requireNonNull(status, "status is null");
        if (status != FeatureStatus.PRESENT && value != null) {
            throw new IllegalArgumentException("value must be null when status is " + status);
        }
        if (status != FeatureStatus.NOT_FOUND) {
            requireNonNull(eventTime, "eventTime is null for status " + status);
        }
    }

    public static final FeatureValue NOT_FOUND = new FeatureValue(null, null, FeatureStatus.NOT_FOUND);

    public boolean isPresent() {
        return status == FeatureStatus.PRESENT;
    }
}
