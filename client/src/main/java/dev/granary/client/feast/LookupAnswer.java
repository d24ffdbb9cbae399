package dev.granary.client.feast;

import java.time.Instant;
import java.util.List;

/**
 * A {@code /get-online-features} answer as read: {@code metadata.feature_names} and one column per name (entity keys
 * first), each with one entry per entity row.
 */
public record LookupAnswer(List<String> featureNames, List<Column> results) {
    public LookupAnswer {
        featureNames = List.copyOf(featureNames);
        results = List.copyOf(results);
    }

    /**
     * One name's values (JSON's: Long, Double, String, Boolean, List, null), statuses ({@code PRESENT},
     * {@code NOT_FOUND}, {@code NULL_VALUE}, {@code OUTSIDE_MAX_AGE}) and event times (null where the answer says
     * {@code NOT_FOUND}: its time is the epoch, Feast's "none").
     */
    public record Column(List<Object> values, List<String> statuses, List<Instant> eventTimes) {
        public Column {
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
            statuses = List.copyOf(statuses);
            eventTimes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(eventTimes));
        }
    }
}
