package dev.granary.metrics;

import static java.util.Objects.requireNonNull;

import dev.granary.online.FeatureStatus;
import dev.granary.online.ReadRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one kind of lookup (a project's feature service, or its ad-hoc feature lists): latency, entity
 * rows and the statuses answered. Made once per lookup plan and kept with it, so recording a lookup costs no map
 * lookup and no tag building: a timer sample, a summary sample and one counter addition per status seen.
 */
public final class LookupMeters {
    private static final FeatureStatus[] STATUSES = FeatureStatus.values();

    private final Timer latency;
    private final DistributionSummary entities;
    private final Counter[] statuses;

    LookupMeters(Timer latency, DistributionSummary entities, Counter[] statuses) {
        this.latency = requireNonNull(latency, "latency is null");
        this.entities = requireNonNull(entities, "entities is null");
        this.statuses = statuses.clone();
        if (this.statuses.length != STATUSES.length) {
            throw new IllegalArgumentException("one counter per FeatureStatus is needed, got " + statuses.length);
        }
    }

    /**
     * Records one answered lookup that took {@code nanos}: its entity rows and the status of every value in them.
     * Counting reads one byte per value ({@link ReadRow#status}), nothing is decoded or allocated.
     */
    public void record(long nanos, List<ReadRow> rows) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
        entities.record(rows.size());
        long present = 0;
        long notFound = 0;
        long nullValue = 0;
        long outside = 0;
        for (ReadRow row : rows) {
            for (int f = 0, n = row.size(); f < n; f++) {
                switch (row.status(f)) {
                    case PRESENT -> present++;
                    case NOT_FOUND -> notFound++;
                    case NULL_VALUE -> nullValue++;
                    case OUTSIDE_MAX_AGE -> outside++;
                }
            }
        }
        add(FeatureStatus.PRESENT, present);
        add(FeatureStatus.NOT_FOUND, notFound);
        add(FeatureStatus.NULL_VALUE, nullValue);
        add(FeatureStatus.OUTSIDE_MAX_AGE, outside);
    }

    private void add(FeatureStatus status, long count) {
        if (count != 0) {
            statuses[status.ordinal()].increment(count);
        }
    }
}
