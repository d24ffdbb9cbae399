package dev.granary.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.health.DriftedRepo;
import dev.granary.registry.RegistryDatabase;
import dev.granary.security.Role;
import dev.granary.security.TokenStore;
import dev.granary.server.GranaryServer;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.json.SpecJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The health surfaces of the web UI with security on, for a watched service holding a restricted feature
 * ({@code metrics:city}, whose drifted value {@code atlantis} is in the stored statistics): a reader without the
 * grant sees the server's refusal in place of the service's health, and no histogram, value or badge; an admin
 * sees them (so the page could show a leak if there were one).
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HealthUiRestrictedTest {
    private static final Path DIR = Browser.temporaryFolder("granary-health-ui-restricted");
    private static final String P = "guarded_" + UUID.randomUUID().toString().substring(0, 8);
    private static final RepoSpec SPEC = DriftedRepo.write(DIR, P, Instant.now(),
            "security:\n  enabled: true\nmonitoring:\n  interval: 2s\n  retention: 1h", true);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static Browser browser;

    @LocalServerPort
    int port;
    @Autowired
    RegistryDatabase database;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, DIR::toString);
    }

    @BeforeAll
    static void startBrowser() {
        browser = Browser.shared();
    }

    @Test
    void aReaderWithoutTheGrantSeesTheRefusalAndNoValueAnAdminSeesTheHealth() throws Exception {
        TokenStore tokens = new TokenStore(database.dataSource());
        String admin = tokens.create(P, Role.ADMIN, "health-ui-admin", Optional.empty()).secret();
        String reader = tokens.create(P, Role.READER, "health-ui-reader", Optional.empty()).secret();
        HttpResponse<String> applied = CLIENT.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/apply"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofString(SpecJson.write(SPEC))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        String history = "/api/v1/projects/" + P + "/feature-services/watched/health/history";
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (get(history, admin).path("checks").isEmpty()) {
            assertThat(System.nanoTime()).as("a scheduled check within 3 minutes").isLessThan(deadline);
            Thread.sleep(250);
        }
        assertThat(get(history, admin).toString()).contains("atlantis");

        useToken(reader);
        browser.open(port, "#/projects/" + P + "/features/metrics/mean_shift");
        browser.waitUntil("the refusal in the health section",
                d -> !browser.findAll("[data-testid=health-panels] [data-testid=error]").isEmpty());
        assertThat(browser.find("[data-testid=health-panels] [data-testid=error]").getText())
                .contains("metrics:city");
        assertThat(browser.findAll("[data-testid=health-histogram]")).isEmpty();
        assertThat(browser.source()).doesNotContain("atlantis");

        browser.open(port, "#/projects/" + P + "/services/watched/health");
        browser.waitUntil("the refusal on the health page",
                d -> !browser.findAll("[data-testid=health-page] [data-testid=error]").isEmpty());
        assertThat(browser.findAll("[data-testid=health-row]")).isEmpty();
        assertThat(browser.source()).doesNotContain("atlantis");

        browser.open(port, "#/?q=mean_shift&project=" + P);
        browser.waitUntil("the hit", d -> !browser.findAll("[data-testid=hit]").isEmpty());
        // the badges come from the same refused history: none appears (given time to arrive)
        Thread.sleep(1500);
        assertThat(browser.findAll("[data-testid=hit] [data-testid=health-badge]")).isEmpty();

        useToken(admin);
        browser.open(port, "#/projects/" + P + "/services/watched/health");
        browser.waitUntil("three feature rows", d -> browser.findAll("[data-testid=health-row]").size() == 3);
        assertThat(browser.find("[data-feature='metrics:city']").getText()).contains("atlantis");
        browser.open(port, "#/projects/" + P + "/features/metrics/mean_shift");
        browser.waitUntil("the overlaid histograms",
                d -> !browser.findAll("[data-testid=health-histogram]").isEmpty());
    }

    /**
     * Stores {@code token} in the tab's session storage for this server's origin, from a page of that origin that
     * does not run the app: the app, finding no token, would answer its own 401 by clearing the key, racing the
     * write.
     */
    private void useToken(String token) {
        browser.go(base() + "/ready");
        browser.script("sessionStorage.setItem('granary.token', arguments[0])", token);
    }

    private JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

}
