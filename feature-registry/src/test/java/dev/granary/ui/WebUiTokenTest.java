package dev.granary.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.registry.RegistryDatabase;
import dev.granary.security.Role;
import dev.granary.security.TokenStore;
import dev.granary.server.GranaryServer;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
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
    private static final OnlineTestRepo REPO = OnlineTestRepo.create(temporaryFolder("granary-ui-token"),
            "uitoken_" + UUID.randomUUID().toString().substring(0, 8), 3, 2, "security:\n  enabled: true");
    private static ChromeDriver browser;

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
        browser = Chromium.start(temporaryFolder("granary-ui-token-browser"));
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
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

        browser.get("http://127.0.0.1:" + port + "/#/projects");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        WebElement form = wait.until(d -> d.findElement(By.cssSelector("[data-token-form]")));
        assertThat(form.getText()).contains("token");
        assertThat(browser.getPageSource()).doesNotContain(REPO.project());

        form.findElement(By.cssSelector("input[name=token]")).sendKeys(reader);
        form.findElement(By.cssSelector("button[type=submit]")).click();

        wait.until(d -> d.getPageSource().contains(REPO.project()));
        assertThat(browser.findElements(By.cssSelector("[data-token-form]"))).isEmpty();
        // another page, a new request: the token is still sent
        browser.get("http://127.0.0.1:" + port + "/#/?q=conv");
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=hit]")).size() > 0);
        assertThat(browser.findElements(By.cssSelector("[data-token-form]"))).isEmpty();

        assertThat(browser.manage().getCookies()).isEmpty();
        assertThat(browser.getCurrentUrl()).doesNotContain(reader);
        assertThat(((JavascriptExecutor) browser).executeScript("return document.cookie")).isEqualTo("");
    }

    private static Path temporaryFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
