package dev.granary.online;

import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.ValueType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * What every part of the {@link OnlineStore} contract works on: the store under test, the data the parts share, and
 * what only the implementation knows (how to restart and crash it). {@link OnlineStoreContractTest} provides it.
 */
public interface OnlineStoreUnderTest {
    String PROJECT = "contract";
    Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    FeatureViewSpec ALL_TYPES = view("all_types", List.of("driver"), 0,
            Arrays.stream(ValueType.values()).map(t -> new FeatureSpec(t.name().toLowerCase(), t)).toList());
    FeatureViewSpec DRIVER = view("driver_stats", List.of("driver"), 0,
            List.of(new FeatureSpec("conv_rate", ValueType.FLOAT64), new FeatureSpec("trips", ValueType.INT64)));
    FeatureViewSpec CUSTOMER = view("customer_profile", List.of("customer"), 0,
            List.of(new FeatureSpec("tier", ValueType.STRING), new FeatureSpec("age", ValueType.INT32)));
    List<String> DRIVER_FEATURES = List.of("conv_rate", "trips");

    /** The store the current test works on (a fresh, empty one per test). */
    OnlineStore store();

    /** Closes the store (if still open) and tests on with one opened on the same data, as a restarted process. */
    void restart() throws Exception;

    /** As {@link #restart}, with floating values written from then on without their decimal text. */
    void restartWithoutFloatText() throws Exception;

    /** Ends the store abruptly while writes may be in flight, as a killed process or dropped connection would. */
    void crashStore() throws Exception;

    static FeatureViewSpec view(String name, List<String> entities, long ttlSeconds, List<FeatureSpec> features) {
        return new FeatureViewSpec(name, entities, "src", ttlSeconds, true, features, List.of(), null, null, null);
    }

    static OnlineRow row(EntityKey key, Instant ts, Object... values) {
        return new OnlineRow(key, ts, Arrays.asList(values));
    }

    default List<FeatureValue> readOne(FeatureViewSpec view, List<String> features, EntityKey key, Instant now) {
        return store().read(PROJECT, view, features, List.of(key), now).get(0);
    }
}
