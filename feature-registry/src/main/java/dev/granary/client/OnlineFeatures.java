package dev.granary.client;

import static java.util.Objects.requireNonNull;

import dev.granary.online.FeatureStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to an online lookup: per entity row, for each name (entity keys first, then features, in request
 * order) a value, a {@link FeatureStatus} and an event time. Entity keys are {@code PRESENT} with no event time;
 * values are null unless {@code PRESENT}; event times are null for {@code NOT_FOUND}.
 */
public final class OnlineFeatures {
    private final List<String> names;
    private final Map<String, Integer> index;
    private final Object[][] values;
    private final FeatureStatus[][] statuses;
    private final Instant[][] times;

    /**
     * The names of a result and the position of each: the same for every answer of one lookup shape, so a client
     * builds it once per shape rather than a map of 50 names per answer.
     */
    record Columns(List<String> names, Map<String, Integer> index) {
        Columns {
            names = List.copyOf(names);
            index = Map.copyOf(index);
        }

        static Columns of(List<String> names) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                index.put(names.get(i), i);
            }
            return new Columns(names, index);
        }
    }

    OnlineFeatures(List<String> names, Object[][] values, FeatureStatus[][] statuses, Instant[][] times) {
        this(Columns.of(names), values, statuses, times);
    }

    OnlineFeatures(Columns columns, Object[][] values, FeatureStatus[][] statuses, Instant[][] times) {
        this.names = columns.names();
        this.index = columns.index();
        this.values = values;
        this.statuses = statuses;
        this.times = times;
    }

    /** The names, entity keys first, then the features (full names {@code view__feature} if asked for). */
    public List<String> names() {
        return names;
    }

    /** How many entity rows. */
    public int size() {
        return values.length;
    }

    /** Row {@code i} (request order). */
    public Row row(int i) {
        return new Row(i);
    }

    /** One entity row's values. Unknown names throw {@link IllegalArgumentException} listing the names. */
    public final class Row {
        private final int row;

        private Row(int row) {
            this.row = row;
            requireNonNull(values[row], "row out of range");
        }

        public Object get(String name) {
            return values[row][col(name)];
        }

        /** The value as a double, or null when there is none. */
        public Double getDouble(String name) {
            Object v = get(name);
            return v == null ? null : ((Number) v).doubleValue();
        }

        /** The value as a long, or null when there is none. */
        public Long getLong(String name) {
            Object v = get(name);
            return v == null ? null : ((Number) v).longValue();
        }

        public String getString(String name) {
            Object v = get(name);
            return v == null ? null : v.toString();
        }

        public Boolean getBoolean(String name) {
            return (Boolean) get(name);
        }

        public FeatureStatus status(String name) {
            return statuses[row][col(name)];
        }

        public Instant eventTime(String name) {
            return times[row][col(name)];
        }

        private int col(String name) {
            Integer c = index.get(name);
            if (c == null) {
                throw new IllegalArgumentException("no feature or entity key '" + name + "' in this result; its names"
                        + " are " + names);
            }
            return c;
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("OnlineFeatures").append(names);
        for (int r = 0; r < values.length; r++) {
            text.append("\n  ").append(Arrays.toString(values[r])).append(' ').append(Arrays.toString(statuses[r]));
        }
        return text.toString();
    }
}
