package dev.granary.offline;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A batch of as-of rows of one feature view, one row per distinct entity key. Values use the Java types of
 * {@link ParquetTables} ({@code Long}, {@code Double}, {@code String}, {@code Instant}, ...); a value may be null.
 *
 * @param keyNames     the view's join-key names (the order of {@link Row#keys()})
 * @param featureNames the view's feature names, plain then aggregations ({@code FeatureViewSpec.featureNames()})
 */
public record AsOfBatch(String view, List<String> keyNames, List<String> featureNames, List<Row> rows) {
    public AsOfBatch {
        requireNonNull(view, "view is null");
        keyNames = List.copyOf(keyNames);
        featureNames = List.copyOf(featureNames);
        rows = List.copyOf(rows);
    }

    /** One entity's values; {@code eventTimestamp} is the event time the values were taken at. */
    public record Row(List<Object> keys, List<Object> values, Instant eventTimestamp) {
        public Row {
            keys = Collections.unmodifiableList(Arrays.asList(keys.toArray()));
            values = Collections.unmodifiableList(Arrays.asList(values.toArray()));
            requireNonNull(eventTimestamp, "eventTimestamp is null");
        }
    }
}
