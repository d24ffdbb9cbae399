package dev.granary.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.ValueType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The rows the failover and resharding tests write while the cluster changes, and how they check an answer: every
 * entity at one version, held by both features {@code version} and {@code copy}, with event time T0 + version
 * seconds, so a half-written or wrongly routed row shows as features that disagree or a time that does not fit.
 */
final class VersionedRows {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final List<String> FEATURES = List.of("version", "copy");
    /** Rewritten at a new version again and again while the cluster changes. */
    static final FeatureViewSpec LIVE = view("live");
    /** Written once at version 7 before the change. */
    static final FeatureViewSpec KEPT = view("kept");

    private VersionedRows() {
    }

    private static FeatureViewSpec view(String name) {
        return new FeatureViewSpec(name, List.of("driver"), "src", 0, true,
                List.of(new FeatureSpec("version", ValueType.INT64), new FeatureSpec("copy", ValueType.INT64)),
                List.of(), null, null, null);
    }

    /** Every entity at {@code version}. */
    static List<OnlineRow> rows(List<EntityKey> entities, long version) {
        return entities.stream().map(k -> new OnlineRow(k, T0.plusSeconds(version), List.<Object>of(version, version)))
                .toList();
    }

    /** The two features from {@code at} hold one version in [floor, ceiling] with its event time. */
    private static void assertWhole(ReadRow row, int at, long floor, long ceiling) {
        FeatureValue version = row.get(at);
        assertThat(version.status()).isEqualTo(FeatureStatus.PRESENT);
        assertThat((Long) version.value()).isBetween(floor, ceiling);
        assertThat(version.eventTime()).isEqualTo(T0.plusSeconds((Long) version.value()));
        assertThat(row.get(at + 1)).isEqualTo(version);
    }

    /**
     * Reads {@link #LIVE} and {@link #KEPT} for {@code entities} in one request and checks every row: LIVE at one
     * version between {@code floor} and {@code ceiling} (asked after the answer came: the last write started by
     * then), KEPT at 7.
     */
    static void readWhole(OnlineStore store, String project, List<EntityKey> entities, long floor,
                          LongSupplier ceiling) {
        List<ReadRow> read = store.read(project, List.of(new ViewRead(LIVE, FEATURES, entities),
                new ViewRead(KEPT, FEATURES, entities)), T0);
        long top = ceiling.getAsLong();
        for (ReadRow row : read) {
            assertWhole(row, 0, floor, top);
            assertWhole(row, 2, 7, 7);
        }
    }

    /** Counts one outcome ({@code "read"}, {@code "write 503"}, ...) of the requests made while the cluster changes. */
    static void count(Map<String, AtomicLong> outcomes, String what) {
        outcomes.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }
}
