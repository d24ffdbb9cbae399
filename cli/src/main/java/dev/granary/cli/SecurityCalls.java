package dev.granary.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.granary.cli.backend.ServerRejectedException;
import dev.granary.cli.backend.ServerUnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code granary token} and {@code granary audit} sent to the {@code granary serve} that owns this repository's
 * embedded registry (its lock file names the port), with {@code GRANARY_TOKEN} as the bearer token. Without a
 * running server these commands open the registry themselves.
 */
final class SecurityCalls {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final URI base;

    private SecurityCalls(URI base) {
        this.base = base;
    }

    /** The server to send to when one holds this repository's embedded registry. */
    static Optional<SecurityCalls> forServer(Workspace workspace) {
        if (!workspace.config().registry().isEmbedded()) {
            return Optional.empty();
        }
        return ServerLock.read(workspace.config().repoDir())
                .map(lock -> new SecurityCalls(URI.create("http://localhost:" + lock.port())));
    }

    static ObjectMapper json() {
        return JSON;
    }

    JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(1))
                    .header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            String token = System.getenv("GRANARY_TOKEN");
            if (token != null && !token.isBlank()) {
                request.header("Authorization", "Bearer " + token.strip());
            }
            HttpResponse<String> response;
            try (HttpClient http = HttpClient.newHttpClient()) {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            JsonNode answer = response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                throw new ServerRejectedException(answer.path("error").asText("HTTP_" + response.statusCode()),
                        response.statusCode(), answer.path("field").isMissingNode() ? null
                        : answer.path("field").asText(null), answer.path("message").asText("HTTP "
                        + response.statusCode()));
            }
            return answer;
        } catch (IOException e) {
            throw new ServerUnreachableException("granary serve owns this repository's registry but did not answer on "
                    + base + "; run the command again when it runs, or stop it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted while waiting for granary serve on " + base, e);
        }
    }
}
