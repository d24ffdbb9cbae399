package dev.granary.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts a headless Chromium through the system's chromedriver (Debian packages {@code chromium} and
 * {@code chromium-driver}; other paths through {@code GRANARY_CHROMIUM} and {@code GRANARY_CHROMEDRIVER}). A
 * missing browser is an error, not a skip: CI installs it, so its absence means a broken machine.
 */
final class Chromium {
    private static final Path BROWSER = Path.of(System.getenv().getOrDefault("GRANARY_CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER =
            Path.of(System.getenv().getOrDefault("GRANARY_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** A fresh headless browser with its own profile folder under {@code profileParent}; quit it when done. */
    static ChromeDriver start(Path profileParent) {
        for (Path required : new Path[] {BROWSER, DRIVER}) {
            if (!Files.isExecutable(required)) {
                throw new IllegalStateException("The web UI tests need Chromium and chromedriver, but " + required
                        + " is missing or not executable. Install them with `sudo apt-get install -y chromium"
                        + " chromium-driver`, or point GRANARY_CHROMIUM / GRANARY_CHROMEDRIVER at them.");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory(profileParent, "chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
