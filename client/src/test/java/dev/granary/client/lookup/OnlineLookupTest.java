package dev.granary.client.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.client.error.LookupFailedException;
import dev.granary.client.OnlineTestSpec;
import dev.granary.online.OnlineStore;
import dev.granary.online.RedisConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lookups when the store is down: a retryable lookup failure naming the store, never a raw driver exception. */
class OnlineLookupTest {
    @Test
    void anUnreachableRedisIsAStorageError() {
        RedisConfig nowhere = new RedisConfig("redis://127.0.0.1:1", null, false, 1, Duration.ofMillis(200),
                Duration.ofMillis(200), "granary-test:", true);
        try (OnlineStore store = OnlineStore.redis(nowhere)) {
            FeaturePlan plan = FeaturePlan.of(OnlineTestSpec.of("down"), List.of("driver_stats:trips"), false);
            assertThatThrownBy(() -> new OnlineLookup(store).lookup(plan, Map.of("driver_id", List.of(1L)),
                    Instant.now()))
                    .isInstanceOfSatisfying(LookupFailedException.class, e -> {
                        assertThat(e.code()).isEqualTo("STORAGE_UNAVAILABLE");
                        assertThat(e.getMessage()).contains("online store");
                    });
        }
    }

    @Test
    void aPlanKeepsRequestOrderAcrossViews() {
        FeaturePlan plan = FeaturePlan.of(OnlineTestSpec.of("order"), List.of("customer_stats:level",
                "driver_stats:trips", "customer_stats:score", "driver_stats:conv_rate"), true);
        assertThat(plan.outputNames()).containsExactly("customer_stats__level", "driver_stats__trips",
                "customer_stats__score", "driver_stats__conv_rate");
        assertThat(plan.groups()).extracting(g -> g.view().name()).containsExactly("customer_stats", "driver_stats");
        assertThat(plan.groups().get(0).features()).containsExactly("level", "score");
        assertThat(plan.joinKeys()).containsOnlyKeys("customer_id", "driver_id");
    }
}
