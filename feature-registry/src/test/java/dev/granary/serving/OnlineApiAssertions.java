package dev.granary.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks of the online API's answers (Granary's and Feast's error shapes) and small request builders. */
final class OnlineApiAssertions {
    private OnlineApiAssertions() {
    }

    static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    /** Bad input on a Granary endpoint: 400, Granary's error shape, the field named. */
    static void assertField(Http.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).as(response.body()).isEqualTo(field);
    }

    /** The error object of Feast's error shape: the body is a JSON string holding it. */
    static JsonNode feastError(Http.Response response) {
        assertThat(response.json().isTextual()).as(response.body()).isTrue();
        try {
            JsonNode error = new ObjectMapper().readTree(response.json().asText());
            assertThat(error.path("module").asText()).isEqualTo("feast.errors");
            assertThat(error.path("class").asText()).isNotBlank();
            return error;
        } catch (JsonProcessingException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    /** Bad input on a Feast-shaped endpoint: 422, Feast's {@code FeastError}, Granary's field inside. */
    static void assertFeastField(Http.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(feastError(response).path("class").asText()).isEqualTo("FeastError");
        assertThat(feastError(response).path("field").asText()).as(response.body()).isEqualTo(field);
    }

    static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> names(Iterable<String> names) {
        List<String> out = new ArrayList<>();
        names.forEach(out::add);
        return out;
    }
}
