package dev.granary.serving;

import static dev.granary.serving.OnlineApiAssertions.feastError;
import static dev.granary.serving.OnlineApiAssertions.names;
import static dev.granary.serving.OnlineApiAssertions.ordered;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code /get-online-features} on a running server: Feast's answer shape field by field, statuses (stored nulls,
 * values past their TTL, unknown entities), feature services, many entities at once, and bad requests answered in
 * Feast's error shape naming the field.
 */
interface LookupContract extends OnlineApi {
    @Test
    default void getOnlineFeaturesAnswersInFeastsShape() {
        Http.Response response = serving().post("/get-online-features", Map.of(
                "features", List.of("driver_stats:conv_rate", "driver_stats:trips", "customer_stats:level"),
                "entities", ordered("driver_id", List.of(1, 2, 999_999), "customer_id", List.of("c1", "c2", "c404"))));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.size()).isEqualTo(2);
        assertThat(names(json.path("metadata").path("feature_names")))
                .containsExactly("driver_id", "customer_id", "conv_rate", "trips", "level");
        JsonNode results = json.path("results");
        assertThat(results.size()).isEqualTo(5);
        for (JsonNode result : results) {
            assertThat(names(result::fieldNames)).containsExactlyInAnyOrder("values", "statuses", "event_timestamps");
        }
        assertThat(results.get(0).path("values").toString()).isEqualTo("[1,2,999999]");
        assertThat(names(results.get(0).path("statuses"))).containsExactly("PRESENT", "PRESENT", "PRESENT");
        assertThat(names(results.get(0).path("event_timestamps"))).containsExactly(EPOCH, EPOCH, EPOCH);
        assertThat(results.get(1).path("values").toString()).isEqualTo("[\"c1\",\"c2\",\"c404\"]");

        Map<Long, OnlineTestRepo.DriverRow> expected = current();
        JsonNode conv = results.get(2);
        assertThat(conv.path("values").get(0).doubleValue()).isEqualTo(expected.get(1L).convRate());
        assertThat(conv.path("values").get(1).doubleValue()).isEqualTo(expected.get(2L).convRate());
        assertThat(conv.path("values").get(2).isNull()).isTrue();
        assertThat(names(conv.path("statuses"))).containsExactly("PRESENT", "PRESENT", "NOT_FOUND");
        assertThat(names(conv.path("event_timestamps"))).containsExactly(expected.get(1L).time().toString(),
                expected.get(2L).time().toString(), EPOCH);
        JsonNode trips = results.get(3);
        assertThat(trips.path("values").get(0).isIntegralNumber()).isTrue();
        assertThat(trips.path("values").get(0).longValue()).isEqualTo(expected.get(1L).trips());
        JsonNode level = results.get(4);
        assertThat(level.path("values").get(0).asText()).isEqualTo("level-1");
        assertThat(level.path("values").get(1).asText()).isEqualTo("level-2");
        assertThat(names(level.path("statuses"))).containsExactly("PRESENT", "PRESENT", "NOT_FOUND");
    }

    @Test
    default void storedNullsAreNullValueAndValuesPastTheirTtlAreOutsideMaxAge() {
        Http.Response response = serving().post("/get-online-features", Map.of(
                "features", List.of("driver_stats:conv_rate", "driver_recent:conv_rate", "driver_stats:acc_rate"),
                "entities", Map.of("driver_id", List.of(13, 14)), "full_feature_names", true));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode results = response.json().path("results");
        assertThat(names(response.json().path("metadata").path("feature_names")))
                .containsExactly("driver_id", "driver_stats__conv_rate", "driver_recent__conv_rate",
                        "driver_stats__acc_rate");
        JsonNode stats = results.get(1);
        assertThat(names(stats.path("statuses"))).containsExactly("NULL_VALUE", "PRESENT");
        assertThat(stats.path("values").get(0).isNull()).isTrue();
        assertThat(stats.path("event_timestamps").get(0).asText()).isEqualTo(current().get(13L).time().toString());
        JsonNode recent = results.get(2);
        assertThat(names(recent.path("statuses"))).containsExactly("OUTSIDE_MAX_AGE", "OUTSIDE_MAX_AGE");
        assertThat(recent.path("values").get(0).isNull()).isTrue();
        assertThat(recent.path("values").get(1).isNull()).isTrue();
        Instant twoHoursBefore = repo().now().minus(Duration.ofHours(2));
        assertThat(Instant.parse(recent.path("event_timestamps").get(1).asText()))
                .isEqualTo(repo().asOf(twoHoursBefore.minusSeconds(3_600), twoHoursBefore, 3_600).get(14L).time());
        assertThat(results.get(3).path("values").get(0).doubleValue()).isEqualTo(current().get(13L).accRate());
    }

    @Test
    default void aFeatureServiceAnswersItsFeaturesInOrder() {
        Http.Response response = serving().post("/get-online-features", Map.of("feature_service", "ranking",
                "entities", ordered("customer_id", List.of("c3"), "driver_id", List.of(7)), "full_feature_names", true));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(names(response.json().path("metadata").path("feature_names"))).containsExactly("customer_id",
                "driver_id", "driver_stats__conv_rate", "driver_stats__trips", "customer_stats__level");
        JsonNode results = response.json().path("results");
        assertThat(results.get(3).path("values").get(0).longValue()).isEqualTo(current().get(7L).trips());
        assertThat(results.get(4).path("values").get(0).asText()).isEqualTo("level-0");
    }

    @Test
    default void manyEntitiesInOneRequestAllAnswer() {
        List<Long> ids = new ArrayList<>();
        for (long d = 1; d <= repo().drivers(); d++) {
            ids.add(d);
        }
        Http.Response response = serving().post("/get-online-features", Map.of("features",
                List.of("driver_stats:trips", "driver_stats:trips_1d"), "entities", Map.of("driver_id", ids)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode trips = response.json().path("results").get(1).path("values");
        JsonNode sums = response.json().path("results").get(2).path("values");
        Map<Long, Long> expectedSums = repo().tripsOneDay(repo().now().minus(Duration.ofDays(1)), repo().now());
        for (int i = 0; i < ids.size(); i++) {
            assertThat(trips.get(i).longValue()).isEqualTo(current().get(ids.get(i)).trips());
            assertThat(sums.get(i).longValue()).isEqualTo(expectedSums.get(ids.get(i)));
        }
    }

    static Stream<Arguments> badLookups() {
        return Stream.of(
                Arguments.of("{\"features\": [\"nope:conv_rate\"], \"entities\": {\"driver_id\": [1]}}", "features[0]", "nope"),
                Arguments.of("{\"features\": [\"driver_stats:trips\", \"driver_stats:nope\"], \"entities\": {\"driver_id\": [1]}}", "features[1]", "nope"),
                Arguments.of("{\"features\": [\"driver_stats\"], \"entities\": {\"driver_id\": [1]}}", "features[0]", "view:feature"),
                Arguments.of("{\"features\": [\"driver_archive:trips\"], \"entities\": {\"driver_id\": [1]}}", "features[0]", "not online"),
                Arguments.of("{\"feature_service\": \"nope\", \"entities\": {\"driver_id\": [1]}}", "feature_service", "nope"),
                Arguments.of("{\"entities\": {\"driver_id\": [1]}}", "features", "feature_service"),
                Arguments.of("{\"feature_service\": \"ranking\", \"entities\": {\"driver_id\": [1]}}", "entities.customer_id", "missing"),
                Arguments.of("{\"features\": [\"driver_stats:trips\"], \"entities\": {\"driver_id\": [1, 2], \"x\": [1]}}", "entities.x", "same number"),
                Arguments.of("{\"features\": [\"driver_stats:trips\"], \"entities\": {\"driver_id\": [1, \"two\"]}}", "entities.driver_id[1]", "integer"),
                Arguments.of("{\"features\": [\"customer_stats:level\"], \"entities\": {\"customer_id\": [7]}}", "entities.customer_id[0]", "string"),
                Arguments.of("{\"feature\": [\"driver_stats:trips\"], \"entities\": {\"driver_id\": [1]}}", "features", "feature_service"),
                Arguments.of("{\"features\": [\"driver_stats:trips\"], \"entities\": {\"driver_id\": 1}}", "entities.driver_id", "list"),
                Arguments.of("{\"features\": [\"driver_stats:trips\", \"driver_recent:conv_rate\", \"driver_stats:conv_rate\"], \"entities\": {\"driver_id\": [1]}}", "features", "full_feature_names"),
                Arguments.of("{\"features\": [\"driver_stats:trips\"], \"entities\": {\"driver_id\": [1,}}", "body", "line 1, column"),
                Arguments.of("", "body", "JSON object"),
                Arguments.of("[1, 2]", "body", "JSON object"));
    }

    @ParameterizedTest
    @MethodSource("dev.granary.serving.LookupContract#badLookups")
    default void badLookupsAnswerInFeastsErrorShapeNamingTheField(String body, String field, String hint) {
        Http.Response response = serving().post("/get-online-features", body);
        JsonNode error = feastError(response);
        assertThat(response.status()).as(response.body())
                .isEqualTo(error.path("class").asText().endsWith("NotFoundException") ? 404 : 422);
        assertThat(error.path("field").asText()).isEqualTo(field);
        assertThat(error.path("error").asText()).isNotBlank();
        assertThat(error.path("message").asText()).contains(hint).doesNotContain("Exception");
    }

    @Test
    default void aLookupBodyDeclaredAsNotJsonAnswers415NamingTheContentType() {
        Http.Response response = serving().post("/get-online-features",
                "{\"features\": [\"driver_stats:trips\"], \"entities\": {\"driver_id\": [1]}}", "text/plain");
        assertThat(response.status()).as(response.body()).isEqualTo(415);
        // refused by the browser-origin check before the Feast endpoint reads it: Granary's error shape, as on
        // every endpoint
        assertThat(response.json().path("field").asText()).isEqualTo("Content-Type");
        assertThat(response.json().path("message").asText()).contains("application/json");
    }
}
