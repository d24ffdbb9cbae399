package dev.granary.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.registry.RegistryDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What operators see of serving: readiness covers the online store, and lookups are counted per feature. */
interface ServingOpsContract extends OnlineApi {
    /** The serving service, whose lookup counts are flushed on demand here. */
    OnlineFeatureService service();

    /** The registry's database, where {@code feature_usage} is read back. */
    RegistryDatabase database();

    @Test
    default void readinessIncludesTheOnlineStore() {
        Http.Response ready = http().get("/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("online").asText()).isEqualTo("UP");
    }

    @Test
    default void lookupsAreCountedPerFeatureInTheRegistry() throws Exception {
        long before = lookups("customer_stats", "score");
        for (int i = 0; i < 3; i++) {
            assertThat(serving().post("/get-online-features", Map.of("features", List.of("customer_stats:score"),
                    "entities", Map.of("customer_id", List.of("c1", "c2")))).status()).isEqualTo(200);
        }
        service().flushCounts();
        assertThat(lookups("customer_stats", "score")).isEqualTo(before + 6);
    }

    private long lookups(String view, String feature) throws Exception {
        try (Connection c = database().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT lookups FROM feature_usage WHERE project = ? AND view_name = ? AND feature = ?")) {
            s.setString(1, repo().project());
            s.setString(2, view);
            s.setString(3, feature);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }
}
