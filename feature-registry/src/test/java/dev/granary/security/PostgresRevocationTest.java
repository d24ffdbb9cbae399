package dev.granary.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.config.GranaryConfig;
import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.TestDatabases;
import dev.granary.server.GranaryServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two servers on one PostgreSQL registry: a token revoked through one is refused by the other, which had just
 * accepted (and cached) it.
 */
class PostgresRevocationTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path temp;
    private TestDatabases.PgSchema schema;
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;

    @BeforeEach
    void twoServers() throws IOException {
        schema = TestDatabases.freshPostgresSchema();
        first = start(Files.createDirectories(temp.resolve("a")));
        second = start(Files.createDirectories(temp.resolve("b")));
    }

    @AfterEach
    void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        schema.drop();
    }

    private ConfigurableApplicationContext start(Path repo) {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "GRANARY_REGISTRY_URL", schema.url(), "GRANARY_REGISTRY_USER", schema.user(),
                "GRANARY_SECURITY_ENABLED", "true", "GRANARY_SERVER_PORT", "0"));
        if (schema.password() != null) {
            environment.put("GRANARY_REGISTRY_PASSWORD", schema.password());
        }
        return GranaryServer.start(GranaryConfig.load(repo, environment), "--server.address=127.0.0.1");
    }

    @Test
    void aTokenRevokedOnOneServerIsRefusedByTheOther() throws Exception {
        TokenStore.Created admin;
        TokenStore.Created reader;
        try (RegistryDatabase database = schema.open()) {
            TokenStore tokens = new TokenStore(database.dataSource());
            admin = tokens.create("*", Role.ADMIN, "ops", Optional.empty());
            reader = tokens.create("*", Role.READER, "dashboard", Optional.empty());
        }
        assertThat(call(second, "GET", "/api/v1/projects", reader.secret()).statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = call(first, "DELETE", "/api/v1/tokens/" + reader.token().id(), admin.secret());
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        long revokedAt = System.nanoTime();

        HttpResponse<String> answer;
        do {
            answer = call(second, "GET", "/api/v1/projects", reader.secret());
        } while (answer.statusCode() == 200 && System.nanoTime() - revokedAt < 10_000_000_000L);
        long millis = (System.nanoTime() - revokedAt) / 1_000_000;
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(answer.body()).contains("TOKEN_REVOKED").doesNotContain(reader.secret());
        System.out.println("revocation seen by the second server after " + millis + " ms");
        assertThat(call(first, "GET", "/api/v1/projects", reader.secret()).statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> call(ConfigurableApplicationContext server, String method, String path,
                                             String secret) throws Exception {
        int port = Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
    }
}
