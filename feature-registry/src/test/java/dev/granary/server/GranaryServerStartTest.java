package dev.granary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.config.GranaryConfig;
import dev.granary.error.StorageException;
import dev.granary.registry.Registry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** {@link GranaryServer#start} as {@code granary serve} calls it: from a loaded configuration. */
class GranaryServerStartTest {
    @TempDir
    Path repo;

    @Test
    void startsFromAConfigurationOnItsPortAndItsRegistry() throws Exception {
        GranaryConfig config = GranaryConfig.load(repo, Map.of("GRANARY_SERVER_PORT", "0"));

        Path tomcatFolder;
        try (ConfigurableApplicationContext context = GranaryServer.start(config)) {
            assertThat(context.getBean(GranaryConfig.class)).isSameAs(config);
            WebServer web = ((ServletWebServerApplicationContext) context).getWebServer();
            assertThat(get(web.getPort(), "/health").statusCode()).isEqualTo(200);
            assertThat(context.getBean(Registry.class).projects()).isEmpty();
            tomcatFolder = Path.of(((TomcatWebServer) web).getTomcat().getServer().getCatalinaBase().getPath());
            assertThat(tomcatFolder.resolve("work")).as("Tomcat's base folder, in use").isDirectory();
        }
        assertThat(repo.resolve(".granary/registry.mv.db")).exists();
        assertThat(tomcatFolder).as("a stopped server leaves no folder behind in the temporary folder").doesNotExist();
    }

    @Test
    void anUnreachableRegistryDatabaseStopsTheStartWithOneSentence() {
        GranaryConfig config = GranaryConfig.load(repo, Map.of("GRANARY_SERVER_PORT", "0",
                "GRANARY_REGISTRY_URL", "jdbc:postgresql://127.0.0.1:1/granary?password=hunter2"));

        assertThatThrownBy(() -> GranaryServer.start(config).close())
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getMessage())
                        .contains("127.0.0.1:1").contains("registry.url").doesNotContain("hunter2"));
    }

    @Test
    void aCatalogIndexThatCannotBeOpenedLeavesTheServerServingAndItsSearchesAnswer503() throws Exception {
        Path notAFolder = Files.writeString(repo.resolve("catalog-file"), "not an index");
        GranaryConfig config = GranaryConfig.load(repo, Map.of("GRANARY_SERVER_PORT", "0",
                "GRANARY_CATALOG_PATH", notAFolder.toString()));

        try (ConfigurableApplicationContext context = GranaryServer.start(config)) {
            int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
            assertThat(get(port, "/ready").statusCode()).isEqualTo(200);
            HttpResponse<String> search = get(port, "/api/v1/search?q=conv");
            assertThat(search.statusCode()).isEqualTo(503);
            assertThat(search.body()).contains("catalog index");
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
