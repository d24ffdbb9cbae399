package dev.granary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code granary search} and {@code granary stats} on the quickstart repository, run in-process (embedded H2
 * registry and Lucene catalog under the repository's {@code .granary/}).
 */
class SearchCommandTest {
    @TempDir
    static Path dir;
    private static Path demo;

    private static CliRun granary(String... args) {
        return CliRun.inProcess(args);
    }

    @BeforeAll
    static void quickstart() {
        demo = dir.resolve("demo");
        CliRun run = granary("quickstart", demo.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void searchFindsAQuickstartFeatureByATypo() {
        CliRun run = granary("search", "--repo", demo.toString(), "--type", "feature", "acc_rtae");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String firstHit = run.out().lines().skip(1).findFirst().orElseThrow();
        assertThat(firstHit).contains("driver_stats:acc_rate").contains("FLOAT64");
        assertThat(run.out()).contains("type: feature");
    }

    @Test
    void searchFindsAQuickstartFeatureByItsDescriptionAsJsonWithFacets() throws Exception {
        CliRun run = granary("search", "--repo", demo.toString(), "--json", "passengers per ride");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("hits").get(0).path("name").asText()).isEqualTo("avg_passenger_count");
        assertThat(json.path("hits").get(0).path("kind").asText()).isEqualTo("feature");
        assertThat(json.path("facets").path("type").path("feature").asLong()).isPositive();
        assertThat(json.path("facets").path("owner").path("growth-team").asLong()).isPositive();
        long sum = 0;
        for (JsonNode count : json.path("facets").path("type")) {
            sum += count.asLong();
        }
        assertThat(sum).as("type counts add up to the total").isEqualTo(json.path("total").asLong());
    }

    @Test
    void statsAreStoredAndShowInTheSearchHits() throws Exception {
        CliRun stats = granary("stats", "--repo", demo.toString(), "--views", "customer_profile");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("customer_profile:tier").contains("categorical")
                .contains("Stored ");
        assertThat(stats.err()).contains("statistics customer_profile");

        CliRun run = granary("search", "--repo", demo.toString(), "--json", "--kind", "categorical", "tier");
        JsonNode json = new ObjectMapper().readTree(run.out());
        JsonNode tier = json.path("hits").get(0);
        assertThat(tier.path("name").asText()).isEqualTo("tier");
        assertThat(tier.path("stats").path("kind").asText()).isEqualTo("categorical");
        assertThat(tier.path("stats").path("distinctCount").asLong()).isBetween(1L, 4L);
    }

    @Test
    void badOptionsExitWithTwoNamingTheOption() {
        CliRun limit = granary("search", "--repo", demo.toString(), "--limit", "0", "rate");
        assertThat(limit.exitCode()).isEqualTo(2);
        assertThat(limit.err()).contains("limit");

        CliRun view = granary("stats", "--repo", demo.toString(), "--views", "nope");
        assertThat(view.exitCode()).isEqualTo(2);
        assertThat(view.err()).contains("nope").contains("driver_stats");
    }
}
