package dev.granary.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.server.GranaryServer;
import dev.granary.serving.Http;
import dev.granary.serving.OnlineHttpServer;
import dev.granary.serving.OnlinePort;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every state-changing endpoint of both ports, found from Spring's own handler mappings and the serving port's
 * route list (so a new endpoint is covered without editing this test), refuses a foreign {@code Origin} with a
 * form body, and a form body from the server's own origin; the registry is unchanged afterwards.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrossOriginTest {
    private static final OnlineTestRepo REPO = OnlineTestRepo.create(temporaryFolder(),
            "origin_" + UUID.randomUUID().toString().substring(0, 8), 3, 2,
            "server:\n  onlinePort: 0\n  allowedOrigins: [\"https://ui.example\"]");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;
    @Autowired
    OnlinePort onlinePort;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, () -> REPO.dir().toString());
    }

    @BeforeEach
    void apply() {
        assertThat(new Http(port).post("/api/v1/apply?author=test", SpecJson.write(REPO.spec())).status())
                .isEqualTo(200);
    }

    /** Every POST/PUT/PATCH/DELETE route of both ports, path variables filled with the test project's names. */
    private List<URI> stateChangingRoutes() {
        List<URI> routes = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            boolean changes = info.getMethodsCondition().getMethods().stream().anyMatch(m -> m != RequestMethod.GET
                    && m != RequestMethod.HEAD && m != RequestMethod.OPTIONS);
            if (changes) {
                for (String pattern : info.getPatternValues()) {
                    routes.add(URI.create("http://127.0.0.1:" + port + pattern.replace("{project}", REPO.project())
                            .replace("{version}", "1").replaceAll("\\{[^}]+}", "x")));
                }
            }
        });
        for (String route : OnlineHttpServer.ROUTES) {
            routes.add(URI.create("http://127.0.0.1:" + onlinePort.port().orElseThrow() + route));
        }
        return routes;
    }

    @Test
    void aForeignOriginIsRefusedOnEveryStateChangingEndpointOfBothPorts() {
        List<URI> routes = stateChangingRoutes();
        assertThat(routes).extracting(URI::getPath).contains("/api/v1/apply",
                "/api/v1/projects/" + REPO.project() + "/rollback/1", "/get-online-features", "/push",
                "/write-to-online-store", "/materialize", "/materialize-incremental");
        for (URI route : routes) {
            for (String contentType : List.of("application/x-www-form-urlencoded", "text/plain", "application/json")) {
                HttpResponse<String> answer = post(route, "http://evil.example", contentType, "{}");
                assertThat(answer.statusCode()).as(route + " " + contentType + ": " + answer.body()).isEqualTo(403);
                assertThat(answer.body()).contains("CROSS_ORIGIN_REFUSED").contains("server.allowedOrigins");
            }
            HttpResponse<String> noBody = post(route, "http://evil.example", null, "");
            assertThat(noBody.statusCode()).as(route + " without a body").isEqualTo(403);
        }
        assertThat(new Http(port).get("/api/v1/projects/" + REPO.project() + "/versions").json().size()).isEqualTo(1);
    }

    @Test
    void aFormBodyIsRefusedEvenFromTheServersOwnOrigin() {
        for (URI route : stateChangingRoutes()) {
            String own = "http://127.0.0.1:" + route.getPort();
            HttpResponse<String> answer = post(route, own, "application/x-www-form-urlencoded", "a=b");
            assertThat(answer.statusCode()).as(route + ": " + answer.body()).isEqualTo(415);
            assertThat(answer.body()).contains("application/json");
        }
        assertThat(new Http(port).get("/api/v1/projects/" + REPO.project() + "/versions").json().size()).isEqualTo(1);
    }

    @Test
    void aBodyWithoutAContentTypeIsRefusedFromAPageEvenOfTheServersOwnOrigin() {
        // Feast's clients post JSON without a content type, but a page can post a typeless body without a preflight
        for (URI route : stateChangingRoutes()) {
            String own = "http://127.0.0.1:" + route.getPort();
            HttpResponse<String> answer = post(route, own, null, "{}");
            assertThat(answer.statusCode()).as(route + ": " + answer.body()).isEqualTo(415);
        }
        assertThat(new Http(port).get("/api/v1/projects/" + REPO.project() + "/versions").json().size()).isEqualTo(1);
    }

    @Test
    void theServersOwnAndAListedOriginPass() {
        URI rollback = URI.create("http://127.0.0.1:" + port + "/api/v1/projects/" + REPO.project() + "/rollback/1");
        assertThat(post(rollback, "http://127.0.0.1:" + port, null, "").statusCode()).isEqualTo(200);
        assertThat(post(rollback, "https://ui.example", null, "").statusCode()).isEqualTo(200);
        URI lookup = URI.create("http://127.0.0.1:" + onlinePort.port().orElseThrow() + "/get-online-features");
        assertThat(post(lookup, "https://ui.example", "application/json",
                "{\"features\": [\"driver_stats:trips\"], \"entities\": {\"driver_id\": [1]}}").statusCode())
                .isEqualTo(200);
    }

    private static HttpResponse<String> post(URI uri, String origin, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Origin", origin)
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static java.nio.file.Path temporaryFolder() {
        try {
            return Files.createTempDirectory("granary-origin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
