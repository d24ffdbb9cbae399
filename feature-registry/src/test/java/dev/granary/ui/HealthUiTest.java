package dev.granary.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.health.DriftedRepo;
import dev.granary.server.GranaryServer;
import dev.granary.serving.Http;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.json.SpecJson;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The health surfaces of the web UI in a real headless Chromium, against a server whose scheduled checks watch a
 * service over data that drifted in the last day ({@link DriftedRepo}): the service's health page shows the alert
 * and each feature worst first as the API stores them, the feature page overlays the reference and current
 * histograms (the current one visibly moved right, as the data did) with the measures and their history, and
 * search hits carry health badges.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HealthUiTest {
    private static final Path DIR = Browser.temporaryFolder("granary-health-ui");
    private static final String P = "drifted_" + UUID.randomUUID().toString().substring(0, 8);
    private static final RepoSpec SPEC = DriftedRepo.write(DIR, P, Instant.now(),
            "monitoring:\n  interval: 2s\n  retention: 1h");

    private static Browser browser;
    private static boolean applied;

    @LocalServerPort
    int port;

    private Http http;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, DIR::toString);
    }

    @BeforeAll
    static void startBrowser() {
        browser = Browser.shared();
    }

    @BeforeEach
    void applyAndAwaitTwoChecks() {
        http = new Http(port);
        if (!applied) {
            Http.Response response = http.post("/api/v1/apply?author=test", SpecJson.write(SPEC));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            applied = true;
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (history("").path("checks").size() < 2) {
            assertThat(System.nanoTime()).as("two scheduled checks within 3 minutes").isLessThan(deadline);
            pause();
        }
    }

    @Test
    void theHealthPageShowsTheAlertAndEachFeatureWorstFirst() {
        JsonNode latest = history("?limit=1").path("checks").get(0);
        browser.open(port, "#/projects/" + P + "/services/watched/health");
        browser.waitUntil("three feature rows", d -> d.findElements(By.cssSelector("[data-testid=health-row]")).size() == 3);

        assertThat(text("[data-testid=health-status]")).isEqualTo("alert");
        List<String> shown = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        for (WebElement row : browser.findAll("[data-testid=health-row]")) {
            shown.add(row.getDomAttribute("data-feature"));
            statuses.add(row.findElement(By.cssSelector("[data-testid=health-badge]")).getText().toLowerCase());
        }
        List<String> stored = new ArrayList<>();
        latest.path("features").forEach(f -> stored.add(f.path("name").asText()));
        assertThat(shown).isEqualTo(stored).containsExactly("metrics:city", "metrics:mean_shift", "metrics:stable");
        assertThat(statuses).containsExactly("alert", "alert", "ok");
        WebElement meanShift = browser.find("[data-feature='metrics:mean_shift']");
        assertThat(meanShift.findElement(By.cssSelector("[data-testid=health-causes]")).getText()).contains("PSI");
        WebElement city = browser.find("[data-feature='metrics:city']");
        assertThat(city.findElement(By.cssSelector("[data-testid=health-causes]")).getText())
                .contains("new categories");
        assertThat(city.getText()).contains("atlantis");

        // the on-demand check answers the same verdicts
        browser.find("[data-testid=health-check-now]").click();
        browser.waitUntil("the live check", d -> text("[data-testid=health-summary]").contains("checked now"));
        assertThat(text("[data-testid=health-status]")).isEqualTo("alert");
    }

    @Test
    void theFeaturePageOverlaysBothHistogramsWithTheMeasuresAndTheirHistory() {
        JsonNode stored = history("?feature=metrics:mean_shift&limit=1").path("checks").get(0).path("features").get(0);
        browser.open(port, "#/projects/" + P + "/features/metrics/mean_shift");
        browser.waitUntil("the trend of at least two checks",
                d -> d.findElements(By.cssSelector("[data-testid=trend-point]")).size() >= 2);

        WebElement panel = browser.find("[data-testid=feature-health][data-service=watched]");
        assertThat(panel.findElement(By.cssSelector("[data-testid=health-badge]")).getText().toLowerCase())
                .isEqualTo("alert");
        WebElement chart = panel.findElement(By.cssSelector("[data-testid=health-histogram]"));
        List<WebElement> reference = chart.findElements(By.cssSelector("[data-testid=reference-bar]"));
        List<WebElement> current = chart.findElements(By.cssSelector("[data-testid=current-bar]"));
        assertThat(reference).hasSize(stored.path("reference").path("histogram").size()).isNotEmpty();
        assertThat(current).hasSize(stored.path("current").path("histogram").size()).isNotEmpty();
        // the data moved one standard deviation up: so does the drawn current distribution
        assertThat(centre(current)).isGreaterThan(centre(reference) + 20);

        WebElement psi = panel.findElement(By.cssSelector("[data-testid=health-measures] [data-measure=psi]"));
        assertThat(psi.getText().toLowerCase()).contains("alert");
        assertThat(panel.findElements(By.cssSelector("[data-testid=trend-point]")).size())
                .isLessThanOrEqualTo(history("?feature=metrics:mean_shift&limit=100").path("checks").size());
    }

    @Test
    void searchHitsCarryTheirHealthBadges() {
        browser.open(port, "#/?q=mean_shift&project=" + P);
        browser.waitUntil("a badge on metrics:mean_shift", d -> badgeOf("mean_shift").equals("alert"));
        browser.open(port, "#/?q=stable&project=" + P);
        browser.waitUntil("a badge on metrics:stable", d -> badgeOf("stable").equals("ok"));
    }

    /** The badge text of the hit named {@code name}, empty while there is none. */
    private static String badgeOf(String name) {
        for (WebElement hit : browser.findAll("[data-testid=hit]")) {
            String shown = hit.findElement(By.cssSelector("[data-testid=hit-name]")).getText();
            List<WebElement> badges = hit.findElements(By.cssSelector("[data-testid=health-badge]"));
            if (shown.equals("metrics:" + name) && !badges.isEmpty()) {
                return badges.get(0).getText().toLowerCase();
            }
        }
        return "";
    }

    /** The x of the mass centre of bars drawn in SVG (each bar's middle, weighted by its area). */
    private static double centre(List<WebElement> bars) {
        double sum = 0;
        double weight = 0;
        for (WebElement bar : bars) {
            double x = Double.parseDouble(bar.getDomAttribute("x"));
            double width = Double.parseDouble(bar.getDomAttribute("width"));
            double height = Double.parseDouble(bar.getDomAttribute("height"));
            sum += (x + width / 2) * width * height;
            weight += width * height;
        }
        return sum / weight;
    }

    private JsonNode history(String query) {
        Http.Response answer = http.get("/api/v1/projects/" + P + "/feature-services/watched/health/history" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static String text(String css) {
        return browser.textOf(css).trim().toLowerCase();
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
