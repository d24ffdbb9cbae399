package dev.granary.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.granary.spec.HealthMeasure;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's JSON: names as documented, and read back as the CLI reads a forwarded check. */
class HealthReportJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void theReportRoundTripsWithDocumentedNames() throws Exception {
        MeasureValue psi = MeasureValue.judged(HealthMeasure.PSI, 0.41, 0.2);
        MeasureValue nulls = MeasureValue.judged(HealthMeasure.NULL_RATE_INCREASE, 0.0, 0.05);
        FeatureHealth shifted = new FeatureHealth("driver_stats", "conv_rate", HealthStatus.ALERT, List.of(psi, nulls),
                List.of(psi), List.of("atlantis"), List.of(), null, null, "");
        FeatureHealth fine = new FeatureHealth("driver_stats", "trips", HealthStatus.OK, List.of(nulls), List.of(),
                List.of(), List.of(), null, null, "");
        HealthReport report = new HealthReport("rides", "ranking", "drift", "source a/b", "source b/c",
                Instant.parse("2026-11-23T12:00:00Z"), null, List.of(fine, shifted));

        String text = JSON.writeValueAsString(report);
        JsonNode tree = JSON.readTree(text);
        assertThat(tree.path("status").asText()).isEqualTo("alert");
        assertThat(tree.path("checkedAt").asText()).isEqualTo("2026-11-23T12:00:00Z");
        JsonNode first = tree.path("features").get(0);
        assertThat(first.path("name").asText()).isEqualTo("driver_stats:conv_rate");
        assertThat(first.path("causes").get(0).path("measure").asText()).isEqualTo("psi");
        assertThat(first.path("causes").get(0).path("status").asText()).isEqualTo("alert");

        HealthReport back = JSON.readValue(text, HealthReport.class);
        assertThat(back).isEqualTo(report);
    }
}
