package dev.granary.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.config.GranaryConfig;
import dev.granary.server.GranaryServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class NoJarResourceScanTest {
    @TempDir
    Path repo;

    @Test
    void tomcatStartsWithoutItsJarScanAndTheWebUiIsStillServedFromTheClassPath() throws Exception {
        GranaryConfig config = GranaryConfig.load(repo, Map.of("GRANARY_SERVER_PORT", "0"));

        try (ConfigurableApplicationContext context = GranaryServer.start(config)) {
            TomcatWebServer server = (TomcatWebServer) ((ServletWebServerApplicationContext) context).getWebServer();
            Context webapp = (Context) server.getTomcat().getHost().findChildren()[0];
            assertThat(Arrays.stream(webapp.findLifecycleListeners()).map(l -> l.getClass().getSimpleName()))
                    .doesNotContain("StaticResourceConfigurer");

            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<html");
        }
    }
}
