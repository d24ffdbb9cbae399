package dev.granary.online;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One entity's row of one view to write: its key, the event time the values are valid from, and one value per
 * feature name given to {@link OnlineStore#write} (same order; null stores {@link FeatureStatus#NULL_VALUE}).
 */
public record OnlineRow(EntityKey key, Instant eventTime, List<Object> values) {
    public OnlineRow {
        requireNonNull(key, "key is null");
        requireNonNull(eventTime, "eventTime is null");
        requireNonNull(values, "values is null");
        // nulls are meaningful (a stored null), so List.copyOf does not fit
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }
}
