package dev.granary.offline;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The entity rows of an export without an entity table, taken from the requested views' sources: the keys come
 * from the sources' join-key columns (only rows with an event time and no null key count), the timestamps from
 * the query. Every requested view must have the same join keys.
 */
public sealed interface EntityQuery {
    /** At most this many steps in a {@link Range} with {@code every}: more would be a runaway request. */
    long MAX_STEPS = 100_000;

    /** A short text naming the query, as in the command line: {@code as-of 2026-01-01T00:00:00Z}. */
    String describe();

    /** Every key with a source event at or before {@code time}, once, at {@code time}; ordered by key. */
    record AsOf(Instant time) implements EntityQuery {
        public AsOf {
            requireNonNull(time, "time is null");
        }

        @Override
        public String describe() {
            return "as-of " + time;
        }
    }

    /**
     * Without {@code every}: every distinct (key, event time) of the sources with {@code start <= event_ts <= end},
     * ordered by time then key. With {@code every}: at each step {@code start, start + every, ...} up to {@code end},
     * every key with a source event at or before the step, ordered by step then key.
     */
    record Range(Instant start, Instant end, Duration every) implements EntityQuery {
        public Range {
            requireNonNull(start, "start is null");
            requireNonNull(end, "end is null");
            if (start.isAfter(end)) {
                throw new IllegalArgumentException("the range starts at " + start + ", after its end " + end
                        + "; give START before END");
            }
            if (every != null) {
                if (every.isNegative() || every.isZero()) {
                    throw new IllegalArgumentException("every is " + every + "; give a positive step such as 1h");
                }
                long steps = Duration.between(start, end).dividedBy(every) + 1;
                if (steps > MAX_STEPS) {
                    throw new IllegalArgumentException("the range has " + steps + " steps of " + every
                            + ", more than " + MAX_STEPS + "; give a larger step or a shorter range");
                }
            }
        }

        /** Every source event in the range. */
        public static Range events(Instant start, Instant end) {
            return new Range(start, end, null);
        }

        @Override
        public String describe() {
            return "range " + start + " " + end + (every == null ? "" : " every " + every);
        }
    }
}
