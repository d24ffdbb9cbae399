package dev.granary.client.feast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Feast's error body: a JSON string holding module, class and message, read back by Feast's client and ours. */
class FeastErrorDetailTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBodyIsAJsonStringFeastsClientDecodesIntoItsClass() throws IOException {
        FeastErrorDetail error = FeastErrorDetail.of("FEATURE_VIEW_NOT_FOUND", "features[0]", "no view 'x'", 400);
        JsonNode body = JSON.readTree(error.body());

        assertThat(error.status()).isEqualTo(404);
        assertThat(body.isTextual()).isTrue();
        JsonNode detail = JSON.readTree(body.asText());
        assertThat(detail.path("module").asText()).isEqualTo("feast.errors");
        assertThat(detail.path("class").asText()).isEqualTo("FeatureViewNotFoundException");
        assertThat(detail.path("message").asText()).isEqualTo("no view 'x'");
        assertThat(detail.path("field").asText()).isEqualTo("features[0]");
    }

    @Test
    void classesAndStatusesFollowFeast() {
        assertThat(FeastErrorDetail.of("PUSH_SOURCE_NOT_FOUND", "push_source_name", "m", 400))
                .extracting(FeastErrorDetail::className, FeastErrorDetail::status)
                .containsExactly("PushSourceNotFoundException", 422);
        assertThat(FeastErrorDetail.of("FEATURE_SERVICE_NOT_FOUND", "feature_service", "m", 400).status())
                .isEqualTo(404);
        assertThat(FeastErrorDetail.of("NOT_FOUND", "project", "m", 404).className())
                .isEqualTo("ProjectObjectNotFoundException");
        assertThat(FeastErrorDetail.of("BAD_REQUEST", "entities.id[0]", "m", 400))
                .extracting(FeastErrorDetail::className, FeastErrorDetail::status).containsExactly("FeastError", 422);
        assertThat(FeastErrorDetail.of("STORAGE_UNAVAILABLE", null, "m", 503).status()).isEqualTo(503);
    }

    @Test
    void bothShapesAreReadBack() {
        FeastErrorDetail written = FeastErrorDetail.of("BAD_REQUEST", "df.x", "bad x", 400);
        assertThat(FeastErrorDetail.read(422, written.body())).contains(written);

        FeastErrorDetail granary = FeastErrorDetail.read(400, """
                {"error": "BAD_REQUEST", "message": "bad", "field": "to"}""".getBytes(StandardCharsets.UTF_8))
                .orElseThrow();
        assertThat(granary.code()).isEqualTo("BAD_REQUEST");
        assertThat(granary.field()).isEqualTo("to");
        assertThat(FeastErrorDetail.read(500, "Internal Server Error".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
