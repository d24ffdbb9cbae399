package dev.granary.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.client.GranaryClient;
import dev.granary.client.error.GranaryClientException;
import dev.granary.client.error.LookupRejectedException;
import dev.granary.client.OnlineFeatures;
import dev.granary.online.OnlineStore;
import dev.granary.online.RedisConfig;
import dev.granary.server.GranaryServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The online API with {@code online.type: redis} against the Redis at {@code GRANARY_TEST_REDIS_URL} (default
 * {@code redis://127.0.0.1:6379}); the project name is random, so its keys are this class's alone, and they are
 * removed afterwards. Also checks that {@link GranaryClient} over HTTP and straight to Redis agree.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RedisOnlineApiTest extends OnlineApiContract {
    static final String REDIS_URL = Objects.requireNonNullElse(System.getenv("GRANARY_TEST_REDIS_URL"),
            "redis://127.0.0.1:6379");
    private static final OnlineTestRepo REPO = OnlineTestRepo.create(EmbeddedOnlineApiTest.temporaryFolder(),
            "redis_" + UUID.randomUUID().toString().substring(0, 8), 200, 10,
            "online:\n  type: redis\n  url: \"" + REDIS_URL + "\"\n  poolSize: 4");

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, () -> REPO.dir().toString());
    }

    @AfterAll
    static void removeKeys() {
        try (OnlineStore store = OnlineStore.redis(RedisConfig.of(REDIS_URL))) {
            store.deleteProject(REPO.project());
        }
    }

    @Override
    public OnlineTestRepo repo() {
        return REPO;
    }

    @Test
    void theHttpClientAndTheRedisClientReturnTheSameResults() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (long d = 1; d <= 40; d++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("driver_id", d == 40 ? 999_999L : d);
            row.put("customer_id", "c" + (d % 12));
            rows.add(row);
        }
        List<String> features = List.of("driver_stats:conv_rate", "driver_stats:acc_rate", "driver_stats:trips",
                "driver_stats:trips_1d", "customer_stats:level", "customer_stats:score");
        try (GranaryClient overHttp = GranaryClient.http(http.uri("/"));
             GranaryClient direct = GranaryClient.redis(REDIS_URL, REPO.spec())) {
            OnlineFeatures a = overHttp.getOnlineFeatures(features, rows);
            OnlineFeatures b = direct.getOnlineFeatures(features, rows);
            assertSame(a, b);
            assertThat(a.row(0).getDouble("conv_rate")).isEqualTo(current().get(1L).convRate());
            assertThat(b.row(0).getDouble("conv_rate", -1.0)).as("read from the stored bytes, unboxed")
                    .isEqualTo(current().get(1L).convRate());
            assertThat(b.row(39).getDouble("trips", -1.0)).as("NOT_FOUND").isEqualTo(-1.0);
            assertThat(a.row(39).status("trips").name()).isEqualTo("NOT_FOUND");
            assertThat(b.row(12).status("conv_rate").name()).isEqualTo("NULL_VALUE");
            assertSame(overHttp.getOnlineFeatures("ranking", rows), direct.getOnlineFeatures("ranking", rows));
            List<String> both = List.of("driver_stats:conv_rate", "driver_recent:conv_rate");
            OnlineFeatures full = direct.getOnlineFeatures(both, rows, true);
            assertSame(overHttp.getOnlineFeatures(both, rows, true), full);
            assertThat(full.row(0).status("driver_recent__conv_rate").name()).isEqualTo("OUTSIDE_MAX_AGE");

            try (GranaryClient fetched = GranaryClient.redis(RedisConfig.of(REDIS_URL), http.uri("/"), REPO.project())) {
                assertSame(fetched.getOnlineFeatures("ranking", rows), direct.getOnlineFeatures("ranking", rows));
            }
            assertThatThrownBy(() -> GranaryClient.redis(RedisConfig.of(REDIS_URL), http.uri("/"), "no_such_project"))
                    .isInstanceOfSatisfying(LookupRejectedException.class,
                            e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
            for (GranaryClient client : List.of(overHttp, direct)) {
                assertThatThrownBy(() -> client.getOnlineFeatures(List.of("driver_stats:nope"), rows))
                        .isInstanceOfSatisfying(LookupRejectedException.class, e -> {
                            assertThat(e.code()).isEqualTo("FEATURE_NOT_FOUND");
                            assertThat(e.field()).isEqualTo("features[0]");
                        });
                assertThatThrownBy(() -> client.getOnlineFeatures(List.of("customer_stats:level"),
                        List.of(Map.of("driver_id", 1L)))).isInstanceOfSatisfying(GranaryClientException.class,
                        e -> assertThat(e.field()).isEqualTo("entities.customer_id"));
            }
        }
    }

    private static void assertSame(OnlineFeatures a, OnlineFeatures b) {
        assertThat(a.names()).isEqualTo(b.names());
        assertThat(a.size()).isEqualTo(b.size());
        for (int r = 0; r < a.size(); r++) {
            for (String name : a.names()) {
                assertThat(a.row(r).status(name)).as("row %d %s", r, name).isEqualTo(b.row(r).status(name));
                assertThat(a.row(r).eventTime(name)).as("row %d %s", r, name).isEqualTo(b.row(r).eventTime(name));
                Object x = a.row(r).get(name);
                Object y = b.row(r).get(name);
                if (x instanceof Number n) {
                    assertThat(n.doubleValue()).as("row %d %s", r, name).isEqualTo(((Number) y).doubleValue());
                } else {
                    assertThat(x).as("row %d %s", r, name).isEqualTo(y);
                }
            }
        }
    }
}
