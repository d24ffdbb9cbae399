package dev.granary.serving;

import static dev.granary.serving.OnlineApiAssertions.assertField;
import static dev.granary.serving.OnlineApiAssertions.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import dev.granary.spec.json.SpecJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the registry's REST API does for the online path: an applied spec is checked (bounds named by field) and
 * reaches lookups at once; materialization requests are checked and their jobs are readable.
 */
interface RegistryApiContract extends OnlineApi {
    @Test
    default void aSpecWhoseTtlOrProjectNameIsOutOfBoundsIsRefusedAtApplyWithTheField() {
        JsonNode tooLong = http().post("/api/v1/apply?author=test", SpecJson.write(OnlineTestRepo.spec("p"
                + "x".repeat(300)))).json();
        assertThat(tooLong.path("error").asText()).isEqualTo("SPEC_INVALID");
        assertThat(tooLong.toString()).contains("\"project\"").contains("128");

        String spec = SpecJson.write(repo().spec()).replaceFirst("\"ttlSeconds\"\\s*:\\s*86400",
                "\"ttlSeconds\": 9223372036854775807");
        assertThat(spec).contains("9223372036854775807");
        Http.Response huge = http().post("/api/v1/apply?author=test", spec);
        assertThat(huge.status()).as(huge.body()).isEqualTo(400);
        assertThat(huge.body()).contains("ttlSeconds").contains("100 years");
    }

    @Test
    default void materializationRequestsAreCheckedAndJobsAreReadable() {
        String path = "/api/v1/projects/" + repo().project() + "/materializations";
        assertField(http().post(path, Map.of("start", "last week", "end", Instant.now().toString())), "start");
        assertField(http().post(path, Map.of("start", Instant.now().minusSeconds(60).toString(),
                "end", Instant.now().toString(), "views", List.of("nope"))), "views");
        assertField(http().post(path, Map.of("end", Instant.now().toString())), "start");
        Http.Response missing = http().get("/api/v1/jobs/no-such-job");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("field").asText()).isEqualTo("id");

        Http.Response incremental = http().post(path, Map.of("end", repo().now().toString(), "incremental", true,
                "views", List.of("customer_stats")));
        assertThat(incremental.status()).as(incremental.body()).isEqualTo(202);
        assertThat(incremental.json().path("kind").asText()).isEqualTo("materialize-incremental");
        JsonNode job = http().awaitJob(incremental.json().path("id").asText());
        assertThat(job.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.path("rows").asLong()).isEqualTo(repo().customers());
        assertThat(job.path("progress").asDouble()).isEqualTo(1.0);
        JsonNode view = job.path("result").path("views").path(0);
        assertThat(view.path("view").asText()).as(job.toString()).isEqualTo("customer_stats");
        assertThat(view.path("applied").asLong() + view.path("skipped").asLong()).isEqualTo(repo().customers());
        assertThat(view.path("end").asText()).isEqualTo(repo().now().toString());
    }

    @Test
    default void anApplyThroughTheServerReachesLookupsAtOnce() {
        String feature = "acc_rate_" + UUID.randomUUID().toString().substring(0, 6);
        RepoSpec spec = repo().spec();
        FeatureViewSpec stats = spec.featureView("driver_stats").orElseThrow();
        List<FeatureSpec> features = new ArrayList<>(stats.features());
        features.add(new FeatureSpec(feature, ValueType.FLOAT64, "acc_rate", ""));
        FeatureViewSpec changed = new FeatureViewSpec(stats.name(), stats.entities(), stats.source(), stats.ttlSeconds(),
                true, features, stats.aggregations(), stats.owner(), stats.tags(), stats.description());
        List<FeatureViewSpec> views = new ArrayList<>(spec.featureViews());
        views.set(views.indexOf(stats), changed);
        RepoSpec next = new RepoSpec(spec.project(), spec.entities(), spec.sources(), views, spec.featureServices());
        assertThat(http().post("/api/v1/apply?author=test", SpecJson.write(next)).status()).isEqualTo(200);

        Http.Response response = serving().post("/get-online-features", Map.of("features",
                List.of("driver_stats:" + feature), "entities", Map.of("driver_id", List.of(1))));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(names(response.json().path("results").get(1).path("statuses"))).containsExactly("NOT_FOUND");
    }
}
