package dev.granary.offline;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The argument checks of {@link OfflineEngine#asOf}, which every engine makes before reading, so that all refuse
 * the same calls with the same messages.
 */
public final class AsOfArguments {
    private AsOfArguments() {
    }

    /**
     * Refuses arguments {@link OfflineEngine#asOf} does not accept.
     *
     * @throws NullPointerException     if {@code spec}, {@code view}, {@code sink}, {@code start} or {@code end} is
     *                                  null
     * @throws IllegalArgumentException if {@code start} is after {@code end} or {@code batchSize < 1}
     */
    public static void requireValid(RepoSpec spec, FeatureViewSpec view, Instant start, Instant end, int batchSize,
                                    Consumer<AsOfBatch> sink) {
        requireNonNull(spec, "spec is null");
        requireNonNull(view, "view is null");
        requireNonNull(sink, "sink is null");
        if (start.isAfter(end)) {
            throw new IllegalArgumentException("start " + start + " is after end " + end + "; swap them");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
    }
}
