package dev.granary.offline;

import static dev.granary.offline.Fixture.row;
import static dev.granary.offline.Fixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.granary.spec.AggregationFunction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/** The rules of semantics.md computed row by row over sources held in memory, as the random tests' reference. */
final class NaiveReference {
    private NaiveReference() {
    }

    /** A source row as the reference sees it; {@code order} is its position in file order. */
    record SourceRow(Object[] keys, Instant ts, Instant created, Object[] values, int order) {
    }

    static <T> T maybe(Random rnd, T value) {
        return rnd.nextInt(8) == 0 ? null : value;
    }

    private static boolean sameKeys(Object[] keys, Object[] wanted) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == null || wanted[i] == null || !Objects.equals(keys[i], wanted[i])) {
                return false;
            }
        }
        return true;
    }

    static SourceRow pointInTime(List<SourceRow> rows, Object[] keys, Instant t, long ttl) {
        if (t == null) {
            return null;
        }
        SourceRow best = null;
        for (SourceRow row : rows) {
            if (!sameKeys(row.keys(), keys) || row.ts() == null || row.ts().isAfter(t)) {
                continue;
            }
            if (ttl > 0 && row.ts().isBefore(t.minusSeconds(ttl))) {
                continue;
            }
            if (best == null || newer(row, best)) {
                best = row;
            }
        }
        return best;
    }

    private static boolean newer(SourceRow a, SourceRow b) {
        int byTime = a.ts().compareTo(b.ts());
        if (byTime != 0) {
            return byTime > 0;
        }
        Instant ca = a.created() == null ? Instant.MIN : a.created();
        Instant cb = b.created() == null ? Instant.MIN : b.created();
        int byCreated = ca.compareTo(cb);
        if (byCreated != 0) {
            return byCreated > 0;
        }
        return a.order() > b.order();
    }

    static Object aggregate(List<SourceRow> rows, Object[] keys, Instant t, long window, int value,
                                    AggregationFunction f) {
        if (t == null || keys[0] == null || (keys.length > 1 && keys[1] == null)) {
            return null;
        }
        List<Number> values = new ArrayList<>();
        for (SourceRow row : rows) {
            if (sameKeys(row.keys(), keys) && row.ts() != null && row.ts().isAfter(t.minusSeconds(window))
                    && !row.ts().isAfter(t) && row.values()[value] != null) {
                values.add((Number) row.values()[value]);
            }
        }
        if (f == AggregationFunction.COUNT) {
            return (long) values.size();
        }
        if (values.isEmpty()) {
            return null;
        }
        boolean integral = values.get(0) instanceof Long;
        return switch (f) {
            case SUM -> integral ? (Object) values.stream().mapToLong(Number::longValue).sum()
                    : (Object) values.stream().mapToDouble(Number::doubleValue).sum();
            case MEAN -> values.stream().mapToDouble(Number::doubleValue).average().orElseThrow();
            case MIN -> integral ? (Object) values.stream().mapToLong(Number::longValue).min().orElseThrow()
                    : (Object) values.stream().mapToDouble(Number::doubleValue).min().orElseThrow();
            default -> integral ? (Object) values.stream().mapToLong(Number::longValue).max().orElseThrow()
                    : (Object) values.stream().mapToDouble(Number::doubleValue).max().orElseThrow();
        };
    }

    static void check(String what, Object got, Object expected) {
        if (expected instanceof Double d && got instanceof Double g) {
            assertThat(g).as(what).isCloseTo(d, within(1e-9));
        } else {
            assertThat(got).as(what).isEqualTo(expected);
        }
    }
}
