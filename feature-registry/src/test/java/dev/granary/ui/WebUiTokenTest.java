package dev.granary.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.registry.RegistryDatabase;
import dev.granary.security.Role;
import dev.granary.security.TokenStore;
import dev.granary.server.GranaryServer;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.json.SpecJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web UI against a server with {@code security.enabled}: it asks for a token, then keeps working with it,
 * sending it in the Authorization header only (no cookie, nothing in the URL).
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebUiTokenTest {
    private static final OnlineTestRepo REPO = OnlineTestRepo.create(Browser.temporaryFolder("granary-ui-token"),
            "uitoken_" + UUID.randomUUID().toString().substring(0, 8), 3, 2, "security:\n  enabled: true");
    private static Browser browser;

    @LocalServerPort
    int port;
    @Autowired
    RegistryDatabase database;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, () -> REPO.dir().toString());
    }

    @BeforeAll
    static void startBrowser() {
        browser = Browser.shared();
    }

    @Test
    void theUiAsksForATokenAndKeepsWorkingWithIt() throws Exception {
        TokenStore tokens = new TokenStore(database.dataSource());
        String admin = tokens.create(REPO.project(), Role.ADMIN, "ui-admin", Optional.empty()).secret();
        String reader = tokens.create(REPO.project(), Role.READER, "ui-reader", Optional.empty()).secret();
        HttpResponse<String> applied = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/apply"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofString(SpecJson.write(REPO.spec()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);

        browser.go("http://127.0.0.1:" + port + "/#/projects");
        WebElement form = browser.waitFor(d -> d.findElement(By.cssSelector("[data-token-form]")));
        assertThat(form.getText()).contains("token");
        assertThat(browser.source()).doesNotContain(REPO.project());

        form.findElement(By.cssSelector("input[name=token]")).sendKeys(reader);
        form.findElement(By.cssSelector("button[type=submit]")).click();

        browser.waitUntil("the project after the token", d -> d.getPageSource().contains(REPO.project()));
        assertThat(browser.findAll("[data-token-form]")).isEmpty();
        // another page, a new request: the token is still sent
        browser.go("http://127.0.0.1:" + port + "/#/?q=conv");
        browser.waitUntil("a hit", d -> !d.findElements(By.cssSelector("[data-testid=hit]")).isEmpty());
        assertThat(browser.findAll("[data-token-form]")).isEmpty();

        assertThat(browser.cookies()).isEmpty();
        assertThat(browser.currentUrl()).doesNotContain(reader);
        assertThat(browser.script("return document.cookie")).isEqualTo("");
    }
}
