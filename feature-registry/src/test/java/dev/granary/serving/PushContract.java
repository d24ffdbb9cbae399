package dev.granary.serving;

import static dev.granary.serving.OnlineApiAssertions.assertFeastField;
import static dev.granary.serving.OnlineApiAssertions.assertField;
import static dev.granary.serving.OnlineApiAssertions.feastError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.offline.ParquetTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /push} on a running server: online pushes apply newer-wins (concurrent ones too), offline pushes add a
 * Parquet file and leave the online store alone, and bad pushes (fields, event times out of range) answer 4xx
 * naming the field, never a job that fails later.
 */
interface PushContract extends OnlineApi {
    @Test
    default void pushWritesOnlineAndNewerWins() {
        Instant newer = Instant.now().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Http.Response pushed = serving().post("/push", Map.of("feature_view", "driver_stats", "to", "online",
                "df", Map.of("driver_id", List.of(5, 6), "event_timestamp", List.of(newer.toString(), newer.toString()),
                        "conv_rate", List.of(0.99, 0.98))));
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        assertThat(pushed.json().path("applied").asLong()).isEqualTo(2);

        Http.Response older = serving().post("/push", Map.of("push_source_name", "driver_stats",
                "df", Map.of("driver_id", List.of(5), "event_timestamp", List.of(newer.minusSeconds(60).toString()),
                        "conv_rate", List.of(0.11))));
        assertThat(older.status()).as(older.body()).isEqualTo(200);
        assertThat(older.json().path("skipped").asLong()).isEqualTo(1);

        JsonNode results = serving().post("/get-online-features", Map.of("features",
                List.of("driver_stats:conv_rate", "driver_stats:trips"), "entities", Map.of("driver_id", List.of(5, 6))))
                .json().path("results");
        assertThat(results.get(1).path("values").get(0).doubleValue()).isEqualTo(0.99);
        assertThat(results.get(1).path("values").get(1).doubleValue()).isEqualTo(0.98);
        assertThat(results.get(1).path("event_timestamps").get(0).asText()).isEqualTo(newer.toString());
        // a push names some features; the others keep their values
        assertThat(results.get(2).path("values").get(0).longValue()).isEqualTo(current().get(5L).trips());
    }

    @Test
    default void concurrentPushesLeaveTheNewestValue() throws Exception {
        long driver = 5_017; // not in the source data, so no other test reads it
        Instant base = Instant.now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            offsets.add(i);
        }
        java.util.Collections.shuffle(offsets, new java.util.Random(3));
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
            for (int offset : offsets) {
                statuses.add(pool.submit(() -> serving().post("/push", Map.of("feature_view", "driver_stats",
                        "df", Map.of("driver_id", List.of(driver),
                                "event_timestamp", List.of(base.plusSeconds(offset).toString()),
                                "trips", List.of(1_000_000L + offset)))).status()));
            }
            for (var status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        }
        JsonNode trips = serving().post("/get-online-features", Map.of("features", List.of("driver_stats:trips"),
                "entities", Map.of("driver_id", List.of(driver)))).json().path("results").get(1);
        assertThat(trips.path("values").get(0).longValue()).isEqualTo(1_000_079L);
        assertThat(trips.path("event_timestamps").get(0).asText()).isEqualTo(base.plusSeconds(79).toString());
    }

    @Test
    default void anOfflinePushAddsAParquetFileToTheSourceFolderAndLeavesTheOnlineStore() throws Exception {
        Instant time = repo().now().minusSeconds(30);
        Http.Response pushed = serving().post("/push", Map.of("feature_view", "driver_stats", "to", "offline",
                "df", Map.of("driver_id", List.of(9), "event_timestamp", List.of(time.toString()),
                        "conv_rate", List.of(0.5), "acc_rate", List.of(1.0), "trips", List.of(12345))));
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        Path file = Path.of(pushed.json().path("offlineFile").asText());
        assertThat(file.getParent()).isEqualTo(repo().dir().resolve("data/driver_hourly"));
        ParquetTables.Table table = ParquetTables.read(file);
        assertThat(table.rows()).hasSize(1);
        assertThat(table.rows().getFirst()[table.columnIndex("trips")]).isEqualTo(12345L);
        assertThat(table.rows().getFirst()[table.columnIndex("event_timestamp")]).isEqualTo(time);
        JsonNode trips = serving().post("/get-online-features", Map.of("features", List.of("driver_stats:trips"),
                "entities", Map.of("driver_id", List.of(9)))).json().path("results").get(1);
        assertThat(trips.path("values").get(0).longValue()).isEqualTo(current().get(9L).trips());
        Files.delete(file);
    }

    @Test
    default void badPushesAnswer400NamingTheField() {
        Http.Response fileSource = serving().post("/push", Map.of("feature_view", "customer_stats", "to", "offline",
                "df", Map.of("customer_id", List.of("c1"), "event_timestamp", List.of(Instant.now().toString()),
                        "level", List.of("x"), "score", List.of(1.0))));
        assertThat(fileSource.status()).isEqualTo(422);
        assertThat(feastError(fileSource).path("field").asText()).isEqualTo("to");
        assertThat(feastError(fileSource).path("message").asText()).contains("single file");

        assertFeastField(serving().post("/push", Map.of("feature_view", "driver_stats", "df", Map.of("driver_id", List.of(1),
                "event_timestamp", List.of("yesterday"), "trips", List.of(1)))), "df.event_timestamp[0]");
        assertFeastField(serving().post("/push", Map.of("feature_view", "driver_stats", "df", Map.of("driver_id",
                List.of(1), "event_timestamp", List.of(Instant.now().toString()), "trips", List.of("many")))),
                "df.trips[0]");
        assertFeastField(serving().post("/push", Map.of("feature_view", "driver_stats", "df", Map.of("driver_id",
                List.of(1), "event_timestamp", List.of(Instant.now().toString()), "nope", List.of(1)))), "df.nope");
        Http.Response noView = serving().post("/push", Map.of("feature_view", "nope", "df", Map.of("driver_id",
                List.of(1))));
        assertThat(noView.status()).isEqualTo(404);
        assertThat(feastError(noView).path("class").asText()).isEqualTo("FeatureViewNotFoundException");
        assertFeastField(serving().post("/push", Map.of("feature_view", "driver_stats", "to", "everywhere",
                "df", Map.of("driver_id", List.of(1)))), "to");
    }

    @Test
    default void eventTimesPastNowPlusTheSkewAndInstantsOutOfRangeAnswer400NeverAJobThatFails() {
        Instant farFuture = Instant.now().plus(Duration.ofHours(2));
        Http.Response future = serving().post("/push", Map.of("feature_view", "driver_stats", "df", Map.of(
                "driver_id", List.of(1, 2), "event_timestamp", List.of(Instant.now().toString(), farFuture.toString()),
                "trips", List.of(1, 2))));
        assertFeastField(future, "df.event_timestamp[1]");
        assertThat(feastError(future).path("message").asText()).contains("in the future");
        assertFeastField(serving().post("/push", Map.of("feature_view", "driver_stats", "df", Map.of("driver_id", List.of(1),
                "event_timestamp", List.of("-999999999-01-01T00:00:00Z"), "trips", List.of(1)))),
                "df.event_timestamp[0]");

        String path = "/api/v1/projects/" + repo().project() + "/materializations";
        assertField(http().post(path, Map.of("end", "9999-12-31T00:00:00Z", "incremental", true)), "end");
        assertField(http().post(path, Map.of("start", "-999999999-01-01T00:00:00Z", "end", EPOCH)), "start");
        assertField(http().post(path, Map.of("start", EPOCH, "end", "+999999999-12-31T23:59:59Z")), "end");
        assertField(http().post("/api/v1/projects/" + repo().project() + "/statistics",
                Map.of("start", "-999999999-01-01T00:00:00Z")), "start");
    }
}
