package dev.granary.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.server.GranaryServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * The web UI in a real headless Chromium against a real server on a fresh repository: what each page shows is
 * compared with what the REST API answers for the same question, and with the facts of the applied sample.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebUiTest {
    private static final Path REPO = Browser.temporaryFolder("granary-ui-repo");

    private static Browser browser;
    private static boolean applied;

    @LocalServerPort
    int port;

    private CatalogFixture fixture;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, REPO::toString);
    }

    @BeforeAll
    static void startBrowser() {
        browser = Browser.shared();
    }

    @BeforeEach
    void applyOnce() throws Exception {
        fixture = new CatalogFixture(base());
        if (!applied) {
            fixture.applyAll(REPO);
            applied = true;
        }
    }

    @Test
    void searchShowsRankedHitsAndFacetCounts() throws Exception {
        browser.open(port, "#/");
        WebElement box = browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=search-input]")));
        box.sendKeys("conv");
        JsonNode api = fixture.get("/api/v1/search?q=conv&limit=20");
        assertThat(api.path("total").asLong()).isPositive();

        List<String> expected = new ArrayList<>();
        api.path("hits").forEach(hit -> expected.add(qualified(hit)));
        browser.waitUntil("the API's hits in its order " + expected, d -> hitNames().equals(expected));
        assertThat(expected).contains("driver_stats:conv_rate");
        assertThat(browser.currentUrl()).endsWith("#/?q=conv");
        assertThat(text("[data-testid=result-status]")).startsWith(api.path("total").asText() + " result");

        WebElement first = browser.findAll("[data-testid=hit]").getFirst();
        JsonNode top = api.path("hits").get(0);
        assertThat(first.findElement(By.cssSelector("[data-testid=hit-type]")).getText().toLowerCase().replace(' ', '_'))
                .isEqualTo(top.path("kind").asText());
        assertThat(first.findElements(By.cssSelector("[data-testid=hit-name] mark"))).isNotEmpty();

        Map<String, Long> shownTypes = facetCounts("type");
        Map<String, Long> apiTypes = new LinkedHashMap<>();
        api.path("facets").path("type").properties().forEach(e -> apiTypes.put(e.getKey(), e.getValue().asLong()));
        assertThat(shownTypes).containsExactlyEntriesOf(apiTypes);
        assertThat(shownTypes.get("feature")).isPositive();
    }

    @Test
    void featurePageShowsUsageSnippetsAndDownstreamConsumers() throws Exception {
        browser.open(port, "#/?q=conv_rate&project=" + CatalogFixture.RIDES);
        browser.waitUntil("the hit driver_stats:conv_rate", d -> hitNames().contains("driver_stats:conv_rate"));
        JsonNode search = fixture.get("/api/v1/search?q=conv_rate&project=rides&limit=20");
        JsonNode matched = search.path("hits").get(0).path("matched");
        assertThat(matched.path("name").toString()).isEqualTo("[\"conv\",\"rate\"]"); // the query's words
        assertThat(browser.findAll("[data-testid=hit]").getFirst().getDomAttribute("title"))
                .startsWith("Matched: name (conv, rate)");

        browser.open(port, "#/projects/rides/features/driver_stats/conv_rate");
        browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=snippet-curl]")));
        assertThat(text("[data-testid=snippet-curl-text]")).contains("curl").contains(base() + "/get-online-features")
                .contains("\"features\": [\"driver_stats:conv_rate\"]").contains("\"driver_id\": [1001]")
                .contains("\"project\": \"rides\"");
        assertThat(text("[data-testid=snippet-java-text]")).contains("GranaryClient.http(URI.create(\"" + base() + "\"))")
                .contains("client.getOnlineFeatures(List.of(\"driver_stats:conv_rate\"), List.of(Map.of(\"driver_id\", 1001L)))");
        assertThat(text("[data-testid=snippet-cli-text]"))
                .isEqualTo("granary export --entities entities.parquet --features driver_stats:conv_rate --output train.parquet");
        assertThat(text("[data-testid=snippet-dsl-text]")).startsWith("\"driver_stats:conv_rate\"");
        browser.find("[data-testid=copy-cli]").click();
        browser.waitUntil("a copy status", d -> !text("[data-testid=snippet-cli] .copy-status").isEmpty());

        JsonNode api = fixture.get("/api/v1/projects/rides/features/driver_stats/conv_rate");
        JsonNode sets = api.path("lineage").path("trainingSets");
        assertThat(sets.size()).isEqualTo(1);
        assertThat(sets.get(0).path("rowCount").asLong()).isEqualTo(CatalogFixture.TRAINING_ROWS);
        List<WebElement> rows = browser.findAll("[data-testid=lineage-training-set]");
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().findElement(By.cssSelector("[data-testid=training-set-rows]")).getText())
                .isEqualTo(String.valueOf(CatalogFixture.TRAINING_ROWS));
        assertThat(rows.getFirst().findElement(By.cssSelector("time")).getDomAttribute("datetime"))
                .isEqualTo(sets.get(0).path("createdAt").asText());
        assertThat(rows.getFirst().getText()).contains("train.parquet");

        browser.findAll("[data-testid=lineage-service]").stream()
                .filter(a -> a.getText().equals("driver_ranking")).findFirst().orElseThrow().click();
        browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=snippet-curl]")));
        assertThat(browser.currentUrl()).endsWith("#/projects/rides/services/driver_ranking");
        assertThat(text("[data-testid=snippet-curl-text]")).contains("\"feature_service\": \"driver_ranking\"")
                .contains("\"driver_id\": [1001]");
        assertThat(text("[data-testid=snippet-java-text]")).contains("client.getOnlineFeatures(\"driver_ranking\"");
        assertThat(text("[data-testid=snippet-cli-text]")).contains("--feature-service driver_ranking");
        assertThat(text("[data-testid=snippet-dsl-text]")).startsWith("repo.featureService(\"driver_ranking\", ")
                .contains("\"driver_stats:conv_rate\"");
    }

    @Test
    void clickingAFacetNarrowsTheHits() throws Exception {
        browser.open(port, "#/?project=" + CatalogFixture.RIDES);
        browser.waitUntil("the type facet", d -> !facetCounts("type").isEmpty());
        long features = facetCounts("type").get("feature");
        long all = facetCounts("type").values().stream().mapToLong(Long::longValue).sum();
        assertThat(features).isLessThan(all);

        facetButton("type", "feature").click();

        browser.waitUntil(features + " results", d -> text("[data-testid=result-status]").startsWith(features + " result"));
        browser.waitUntil("only features", d -> browser.findAll("[data-testid=hit]").stream()
                .allMatch(hit -> "feature".equals(hit.getDomAttribute("data-type"))));
        assertThat(facetButton("type", "feature").getDomAttribute("aria-pressed")).isEqualTo("true");
        assertThat(browser.currentUrl()).contains("type=feature").contains("project=" + CatalogFixture.RIDES);
        JsonNode api = fixture.get("/api/v1/search?project=rides&type=feature&limit=20");
        assertThat(api.path("total").asLong()).isEqualTo(features);
        assertThat(hitNames()).hasSize(Math.min(20, (int) features));

        facetButton("type", "feature").click();
        browser.waitUntil(all + " results", d -> text("[data-testid=result-status]").startsWith(all + " result"));
    }

    @Test
    void featureDetailShowsDefinitionStatisticsAndLineage() throws Exception {
        browser.open(port, "#/?q=conv_rate&project=" + CatalogFixture.RIDES);
        browser.waitUntil("the hit driver_stats:conv_rate", d -> hitNames().contains("driver_stats:conv_rate"));
        browser.findAll("[data-testid=hit-name]").stream()
                .filter(a -> a.getText().equals("driver_stats:conv_rate")).findFirst().orElseThrow().click();

        browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=lineage-chain]")));
        JsonNode api = fixture.get("/api/v1/projects/rides/features/driver_stats/conv_rate");
        assertThat(browser.currentUrl()).endsWith("#/projects/rides/features/driver_stats/conv_rate");
        assertThat(text("[data-testid=definition-facts]")).contains("FLOAT64").contains("driver_id");
        assertThat(text("[data-testid=feature-description]")).isEqualTo(api.path("definition").path("description").asText());
        assertThat(text("[data-testid=lineage-source]")).isEqualTo("driver_hourly");
        assertThat(text("[data-testid=lineage-view]")).isEqualTo("driver_stats");
        assertThat(browser.findAll("[data-testid=lineage-service]")).extracting(WebElement::getText)
                .containsExactly("driver_ranking");

        JsonNode stats = api.path("statistics").path("stats");
        assertThat(text("[data-testid=stat-facts]")).contains(String.format(Locale.US, "%,d", stats.path("count").asLong()))
                .contains(String.format(Locale.US, "%,d", stats.path("nullCount").asLong()));
        assertThat(stats.path("histogram").size()).isPositive();
        assertThat(browser.findAll("[data-testid=histogram-bar]"))
                .hasSize(stats.path("histogram").size());
        assertThat(browser.findAll("[data-testid=quantiles] td"))
                .hasSize(stats.path("quantiles").size());
        assertThat(text("[data-testid=usage-facts]")).contains("Feature services\n1");

        browser.back();
        browser.waitUntil("the search again", d -> hitNames().contains("driver_stats:conv_rate"));
        assertThat(browser.find("[data-testid=search-input]").getDomProperty("value"))
                .isEqualTo("conv_rate");
        browser.forward();
        browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=lineage-view]"))).click();
        browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=feature-view][data-view=driver_stats]")));
    }

    @Test
    void showMoreAppendsTheNextPage() throws Exception {
        JsonNode firstPage = fixture.get("/api/v1/search?limit=20");
        JsonNode secondPage = fixture.get("/api/v1/search?limit=20&offset=20");
        long total = firstPage.path("total").asLong();
        assertThat(total).isGreaterThan(20);
        List<String> expected = new ArrayList<>();
        firstPage.path("hits").forEach(hit -> expected.add(hit.path("project").asText() + "/" + qualified(hit)));
        secondPage.path("hits").forEach(hit -> expected.add(hit.path("project").asText() + "/" + qualified(hit)));

        browser.open(port, "#/");
        browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=more]"))).click();

        browser.waitUntil(expected.size() + " hits", d -> hitNames().size() == expected.size());
        List<String> shown = new ArrayList<>();
        for (WebElement hit : browser.findAll("[data-testid=hit]")) {
            shown.add(hit.findElement(By.cssSelector(".hit-project a")).getText() + "/"
                    + hit.findElement(By.cssSelector("[data-testid=hit-name]")).getText());
        }
        assertThat(shown).isEqualTo(expected);
        assertThat(browser.findAll("[data-testid=more]")).hasSize(total > 40 ? 1 : 0);
    }

    @Test
    void categoricalFeatureShowsItsTopValues() throws Exception {
        browser.open(port, "#/projects/rides/features/customer_profile/segment");
        WebElement top = browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=top-values]")));
        JsonNode values = fixture.get("/api/v1/projects/rides/features/customer_profile/segment")
                .path("statistics").path("stats").path("topValues");
        assertThat(values.get(0).path("value").asText()).isEqualTo(CatalogFixture.SEGMENTS_SAMPLE);
        assertThat(top.findElements(By.tagName("li"))).hasSize(values.size());
        assertThat(top.findElements(By.tagName("li")).getFirst().getText()).startsWith(CatalogFixture.SEGMENTS_SAMPLE);
        assertThat(browser.findAll("[data-testid=histogram]")).isEmpty();
    }

    @Test
    void projectPageListsViewsFeaturesAndServices() {
        browser.open(port, "#/projects");
        WebElement projects = browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=projects]")));
        assertThat(projects.getText()).contains(CatalogFixture.RIDES + " 2").contains(CatalogFixture.XSS + " 1");
        projects.findElement(By.linkText(CatalogFixture.RIDES)).click();
        assertThat(browser.currentUrl()).endsWith("#/projects/rides");
        browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=feature-views]")));
        assertThat(browser.findAll("[data-testid=feature-view]"))
                .extracting(e -> e.getDomAttribute("data-view"))
                .containsExactly("driver_stats", "customer_profile", "driver_activity");
        WebElement stats = browser.find("[data-testid=feature-view][data-view=driver_stats]");
        assertThat(stats.findElements(By.cssSelector("[data-testid=feature-link]"))).extracting(WebElement::getText)
                .containsExactly("conv_rate", "acc_rate", "trips");
        assertThat(stats.getText()).contains(CatalogFixture.NEW_VIEW_DESCRIPTION);
        assertThat(text("[data-testid=entities]")).contains("driver_id INT64").contains("customer_id INT64");
        assertThat(text("[data-testid=sources]")).contains("data/driver_hourly.parquet");
        assertThat(text("[data-testid=feature-services]")).contains("driver_ranking")
                .contains("driver_activity:trips_7d");
    }

    @Test
    void historyShowsVersionsAndDiff() throws Exception {
        browser.open(port, "#/projects/rides");
        browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=history-link]"))).click();

        browser.waitUntil("two versions", d -> d.findElements(By.cssSelector("[data-testid=version]")).size() == 2);
        List<WebElement> rows = browser.findAll("[data-testid=version]");
        assertThat(rows.get(0).getText()).startsWith("v2").contains("bob").contains("Describe the refresh");
        assertThat(rows.get(1).getText()).startsWith("v1").contains("alice");

        rows.get(0).findElement(By.linkText("v2")).click();
        WebElement diff = browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=diff-text]")));
        String apiDiff = fixture.get("/api/v1/projects/rides/versions/2").path("diff").path("text").asText();
        assertThat(apiDiff).contains("driver_stats");
        for (String line : apiDiff.strip().split("\n")) {
            assertThat(diff.getText()).contains(line.strip());
        }
        assertThat(text("[data-testid=version-facts]")).contains("bob");
    }

    @Test
    void descriptionsAreEscaped() {
        browser.open(port, "#/?q=sneaky&project=" + CatalogFixture.XSS);
        browser.waitUntil("a hit for 'sneaky'", d -> !d.findElements(By.cssSelector("[data-testid=hit]")).isEmpty());
        List<WebElement> descriptions = browser.findAll("[data-testid=hit-description]");
        assertThat(descriptions).extracting(WebElement::getText).contains(CatalogFixture.HOSTILE);
        assertThat(browser.findAll("[data-testid=hit-description] mark"))
                .extracting(WebElement::getText).contains("Sneaky");
        assertThat(browser.findAll("[data-testid=hits] img, [data-testid=hits] script,"
                + " [data-testid=hits] b")).isEmpty();

        browser.open(port, "#/projects/xss/features/driver_stats/conv_rate");
        assertThat(browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=feature-description]"))).getText())
                .isEqualTo(CatalogFixture.HOSTILE);
        browser.open(port, "#/projects/xss");
        WebElement view = browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=feature-view][data-view=driver_stats]")));
        assertThat(view.getText()).contains(CatalogFixture.HOSTILE);
        assertThat(view.findElements(By.cssSelector("img, script, b"))).isEmpty();
        assertThat(browser.script("return window.__xss === undefined")).isEqualTo(true);
    }

    @Test
    void apiErrorsAreShownAsReadableMessages() throws Exception {
        browser.open(port, "#/projects/nobody_here");
        String message = fixture.get("/api/v1/projects/nobody_here").path("message").asText();
        assertThat(browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=error]"))).getText()).contains(message);

        browser.open(port, "#/?type=no_such_type");
        JsonNode error = fixture.get("/api/v1/search?type=no_such_type&limit=20");
        assertThat(error.path("field").asText()).isEqualTo("type");
        assertThat(browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=error]"))).getText())
                .contains(error.path("message").asText()).contains("type");
        assertThat(browser.findAll("[data-testid=hit]")).isEmpty();

        browser.open(port, "#/?q=" + URLEncoder.encode("zzqqxxnothing", StandardCharsets.UTF_8));
        assertThat(browser.waitFor(d -> d.findElement(By.cssSelector("[data-testid=empty]"))).getText())
                .contains("Nothing matches");
    }

    @Test
    void serverAnswersTheUiAtTheRootAndKeepsApiRoutesAsJson() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create(base() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(root.body()).contains("<main id=\"main\"").contains("js/app.js");

        HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(base() + "/js/app.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElse("")).contains("javascript");

        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/nothing-here"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"error\":\"NOT_FOUND\"");
        HttpResponse<String> online = http.send(HttpRequest.newBuilder(URI.create(base() + "/get-online-features"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(online.statusCode()).as("Feast's status for a bad request body").isEqualTo(422);
        assertThat(online.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(fixture.get("/health").path("status").asText()).isEqualTo("UP");
        assertThat(fixture.get("/ready").path("registry").asText()).isEqualTo("UP");
        assertThat(fixture.get("/api/v1/projects").isArray()).isTrue();
    }

    // ---- helpers

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String qualified(JsonNode hit) {
        String view = hit.path("view").asText();
        return view.isEmpty() ? hit.path("name").asText() : view + ":" + hit.path("name").asText();
    }

    private static List<String> hitNames() {
        return browser.findAll("[data-testid=hit-name]").stream().map(WebElement::getText).toList();
    }

    private static Map<String, Long> facetCounts(String facet) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (WebElement button : browser.findAll("button[data-facet=" + facet + "]")) {
            String count = button.findElement(By.cssSelector("[data-testid=facet-count]")).getText().replace(",", "");
            counts.put(button.getDomAttribute("data-value"), Long.parseLong(count));
        }
        return counts;
    }

    private static WebElement facetButton(String facet, String value) {
        return browser.find("button[data-facet=" + facet + "][data-value=" + value + "]");
    }

    private static String text(String css) {
        return browser.find(css).getText();
    }
}
