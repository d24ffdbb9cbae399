package dev.granary.cli.remote;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.granary.cli.backend.ServerRejectedException;
import dev.granary.cli.backend.ServerUnreachableException;
import dev.granary.client.feast.FeastErrorDetail;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * JSON over HTTP to one {@code granary serve}: requests go to {@code base}, answers are read as JSON trees. An
 * error status becomes a {@link ServerRejectedException} with the server's {@code error}, {@code message} and
 * {@code field} (from Granary's error body or Feast's); no answer at all a {@link ServerUnreachableException} naming the process and what to do.
 */
final class ServerConnection implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The environment variable holding the bearer token sent to a server with security on. */
    static final String TOKEN_VARIABLE = "GRANARY_TOKEN";
    /** Long enough for an apply checking large Parquet files or statistics over a big source. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(30);

    private final URI base;
    private final long pid;
    private final HttpClient http;
    private final ObjectMapper json;

    ServerConnection(URI base, long pid) {
        this.base = requireNonNull(base, "base is null");
        this.pid = pid;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    ObjectMapper json() {
        return json;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), path);
    }

    /** POSTs {@code body} (a JSON text) with the given headers and answers the JSON body. */
    JsonNode post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return send(request, path);
    }

    /** POSTs a JSON body and answers the raw bytes of a successful answer (for the Feast codec to read). */
    byte[] postBytes(String path, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 400) {
            throw rejected(response.statusCode(), response.body(), path);
        }
        return response.body();
    }

    /** POSTs {@code body} serialised as JSON. */
    JsonNode post(String path, Object body) {
        try {
            return post(path, json.writeValueAsString(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the request to " + path, e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** {@code value} encoded for a URL's path segment or query. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private URI uri(String path) {
        return base.resolve(path);
    }

    private JsonNode send(HttpRequest.Builder request, String path) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 400) {
            throw rejected(response.statusCode(), response.body().getBytes(StandardCharsets.UTF_8), path);
        }
        if (body == null) {
            throw new ServerRejectedException("MALFORMED_ANSWER", 502, null, "granary serve on " + base
                    + " answered " + path + " with something that is not JSON; is another program on that port?");
        }
        return body;
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            String token = System.getenv(TOKEN_VARIABLE);
            if (token != null && !token.isBlank()) {
                request.header("Authorization", "Bearer " + token.strip());
            }
            return http.send(request.timeout(REQUEST_TIMEOUT).header("Accept", "application/json").build(), handler);
        } catch (IOException e) {
            throw new ServerUnreachableException("granary serve (pid " + pid + ") owns this repository's embedded"
                    + " stores, but it did not answer on " + base + " (" + describe(e) + "); wait until it has"
                    + " started and run the command again, or stop it so the command can open the stores itself", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted while waiting for granary serve on " + base, e);
        }
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Granary's error body, or Feast's shape (the Feast-shaped endpoints answer in it), as the server's refusal. */
    private ServerRejectedException rejected(int status, byte[] body, String path) {
        var error = FeastErrorDetail.read(status, body);
        if (error.isPresent()) {
            return new ServerRejectedException(error.get().code(), status, error.get().field(), error.get().message());
        }
        // not Granary's error shape: whatever answered, the user's input is not what is at fault (exit 1)
        return new ServerRejectedException("HTTP_" + status, 502, null, "granary serve on " + base + " answered "
                + path + " with HTTP " + status + " and no Granary error body; see the server's log, or check that"
                + " it is Granary that listens there");
    }

    /** Why there was no answer, in words (no exception class names: this goes to a user). */
    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "nothing accepts connections there";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() || message.contains("Exception") ? "the connection failed"
                : message;
    }
}
