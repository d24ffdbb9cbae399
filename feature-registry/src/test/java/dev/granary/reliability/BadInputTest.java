package dev.granary.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.config.GranaryConfig;
import dev.granary.server.GranaryServer;
import dev.granary.serving.Http;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.json.SpecJson;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Malformed and oversized requests against a running server (both ports, small limits set in its
 * {@code granary.yaml}): every one answers 4xx with a JSON body, never an HTML page or a 5xx, and a client that
 * stalls mid-request is cut off.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    private static ConfigurableApplicationContext server;
    private static Http http;
    private static Http online;
    private static String project;

    @BeforeAll
    static void start() throws Exception {
        OnlineTestRepo repo = OnlineTestRepo.create(dir, "bad_input", 10, 2, null);
        project = repo.project();
        Files.writeString(dir.resolve("granary.yaml"), "server:\n  port: " + RedisProcess.freePort()
                + "\n  onlinePort: " + RedisProcess.freePort() + "\nlimits:\n  maxBodyBytes: 4096\n"
                + "  maxEntitiesPerLookup: 5\n  maxFeaturesPerLookup: 3\n  maxSearchQueryLength: 200\n",
                StandardOpenOption.APPEND);
        GranaryConfig config = GranaryConfig.load(dir);
        server = GranaryServer.start(config);
        http = new Http(Integer.parseInt(server.getEnvironment().getProperty("local.server.port")));
        online = new Http(config.server().onlinePort().getAsInt());
        assertThat(http.post("/api/v1/apply?author=test", SpecJson.write(repo.spec())).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void assertJson4xx(Http.Response response, String field) {
        assertThat(response.status()).as(response.body()).isBetween(400, 499);
        com.fasterxml.jackson.databind.JsonNode error = response.json();
        if (error.isTextual()) {
            // Feast's endpoints answer Feast's shape: a JSON string holding the error object
            try {
                error = new com.fasterxml.jackson.databind.ObjectMapper().readTree(error.asText());
            } catch (java.io.IOException e) {
                throw new AssertionError(response.body(), e);
            }
        }
        assertThat(error.path("error").asText()).as(response.body()).isNotEmpty();
        if (field != null) {
            assertThat(error.path("field").asText()).as(response.body()).isEqualTo(field);
        }
    }

    @Test
    void trailingDataAndDuplicateKeysAreRefused() {
        String path = "/api/v1/projects/" + project + "/materializations";
        assertJson4xx(http.post(path, "{\"end\": \"2026-01-01T00:00:00Z\", \"incremental\": true} xyz"), "body");
        assertJson4xx(http.post(path, "{\"end\": \"2026-01-01T00:00:00Z\", \"end\": \"2026-01-02T00:00:00Z\","
                + " \"incremental\": true}"), "body");
        assertJson4xx(http.post(path, "[".repeat(10_000)), "body");
    }

    @Test
    void errorPathAndEncodedTraversalAndLongRequestLinesAnswerJson() {
        assertJson4xx(http.get("/error"), null);
        for (String path : List.of("/api/v1/projects/a%2fb", "/api/v1/projects/a%00b", "/api/v1/projects/a%5cb",
                "/api/v1/projects/%2e%2e%2f%2e%2e%2fetc", "/api/v1/search?q=" + "x".repeat(9_000))) {
            Http.Response response = http.get(path);
            assertThat(response.status()).as(path).isBetween(400, 499);
            assertThat(response.body()).as(path).startsWith("{").doesNotContain("<html");
        }
    }

    @Test
    void searchesOverTheLengthOrWordLimitAre400NamingQ() {
        assertJson4xx(http.get("/api/v1/search?q=" + "a".repeat(201)), "q");
        assertJson4xx(http.get("/api/v1/search?q=" + String.join("+", Collections.nCopies(70, "w"))), "q");
        assertThat(http.get("/api/v1/search?q=trips").status()).isEqualTo(200);
    }

    @Test
    void lookupsOverTheEntityOrFeatureLimitAndBodiesOverTheSizeLimitAreRefusedOnBothPorts() {
        for (Http port : List.of(http, online)) {
            assertJson4xx(port.post("/get-online-features", Map.of("features", List.of("driver_stats:conv_rate"),
                    "entities", Map.of("driver_id", List.of(1, 2, 3, 4, 5, 6)))), "entities");
            assertJson4xx(port.post("/get-online-features", Map.of("features", List.of("driver_stats:conv_rate",
                    "driver_stats:acc_rate", "driver_stats:trips", "driver_stats:trips_1d"),
                    "entities", Map.of("driver_id", List.of(1)))), "features");
            List<Integer> many = new ArrayList<>(Collections.nCopies(3_000, 7));
            Http.Response tooLarge = port.post("/get-online-features", Map.of("features",
                    List.of("driver_stats:conv_rate"), "entities", Map.of("driver_id", many)));
            assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
            assertThat(port.post("/get-online-features", Map.of("features", List.of("driver_stats:conv_rate"),
                    "entities", Map.of("driver_id", List.of(1)))).status()).isEqualTo(200);
        }
    }

    @Test
    void chunkedBodiesOverTheSizeLimitAre413NamingTheLimitOnBothPorts() throws Exception {
        String many = "{\"features\": [\"driver_stats:conv_rate\"], \"entities\": {\"driver_id\": ["
                + String.join(",", Collections.nCopies(3_000, "7")) + "]}}";
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        for (Http port : List.of(http, online)) {
            for (String path : List.of("/get-online-features", "/api/v1/plan")) {
                if (port == online && path.startsWith("/api")) {
                    continue;
                }
                // a body of unknown length goes out chunked, with no Content-Length to check up front
                java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest.newBuilder(
                                port.uri(path)).header("Content-Type", "application/json")
                        .timeout(java.time.Duration.ofSeconds(60))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() ->
                                new java.io.ByteArrayInputStream(many.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(path + " " + answer.body()).isEqualTo(413);
                assertThat(answer.body()).as(path).contains("PAYLOAD_TOO_LARGE").contains("limits.maxBodyBytes = 4096");
            }
        }
        // a chunked body under the limit is read as before
        java.net.http.HttpResponse<String> small = client.send(java.net.http.HttpRequest.newBuilder(
                        http.uri("/get-online-features")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        "{\"features\": [\"driver_stats:conv_rate\"], \"entities\": {\"driver_id\": [1]}}"
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
    }

    @Test
    void aClientThatStallsMidBodyIsCutOffOnBothPorts() throws Exception {
        List<CompletableFuture<Long>> cutOff = new ArrayList<>();
        for (Http port : List.of(http, online)) {
            cutOff.add(CompletableFuture.supplyAsync(() -> stallAndTime(port.port())));
        }
        for (CompletableFuture<Long> millis : cutOff) {
            assertThat(millis.get()).as("closed within the 10 s stall limit and a margin").isBetween(0L, 30_000L);
        }
    }

    @Test
    void thousandsOfGeneratedMalformedRequestsAnswer4xxAndChangeNothing() {
        int version = http.get("/api/v1/projects/" + project).json().path("version").asInt(-1);
        String lookup = "{\"features\": [\"driver_stats:conv_rate\"], \"entities\": {\"driver_id\": [1, 2]}}";
        String before = http.post("/get-online-features", lookup).body();
        Map<String, String> seeds = Map.of(
                "/api/v1/projects/" + project + "/materializations",
                "{\"start\": \"2026-01-01T00:00:00Z\", \"end\": \"2026-01-02T00:00:00Z\", \"views\": [\"driver_stats\"]}",
                "/api/v1/projects/" + project + "/statistics",
                "{\"views\": [\"driver_stats\"], \"start\": \"2026-01-01T00:00:00Z\"}",
                "/api/v1/projects/" + project + "/training-sets",
                "{\"entities\": \"nope.parquet\", \"features\": [\"driver_stats:trips\"], \"output\": \"out.parquet\"}",
                "/get-online-features", lookup,
                "/push", "{\"feature_view\": \"driver_stats\", \"df\": {\"driver_id\": [999],"
                        + " \"event_timestamp\": [\"2026-01-01T00:00:00Z\"], \"trips\": [1]}}");
        List<String> getRoutes = List.of("/", "/index.html", "/js/app.js", "/app.css", "/api/v1/projects/" + project,
                "/api/v1/projects/" + project + "/features/driver_stats/trips", "/api/v1/search?q=driver",
                "/api/v1/projects/" + project + "/versions/1", "/api/v1/jobs/1", "/feature-views/driver_stats");
        java.util.Random random = new java.util.Random(24);
        List<String> fiveHundreds = new ArrayList<>();
        int sent = 0;
        for (int round = 0; round < 300; round++) {
            for (Map.Entry<String, String> seed : seeds.entrySet()) {
                String body = mutate(seed.getValue(), random);
                List<Http> ports = seed.getKey().startsWith("/api") ? List.of(http) : List.of(http, online);
                for (Http port : ports) {
                    Http.Response response = port.post(seed.getKey(), body);
                    sent++;
                    if (response.status() >= 500) {
                        fiveHundreds.add(response.status() + " " + seed.getKey() + " " + body + " -> "
                                + response.body());
                    }
                }
            }
            for (int get = 0; get < 3; get++) {
                String target = mutatePath(getRoutes.get(random.nextInt(getRoutes.size())), random);
                for (Http port : List.of(http, online)) {
                    RawAnswer answer = rawGet(port.port(), target);
                    sent++;
                    String body = answer.body().toLowerCase(java.util.Locale.ROOT);
                    if (answer.status() < 100 || answer.status() >= 500 || answer.status() >= 400
                            && (body.contains("<html") || body.contains("\tat ") || body.contains("exception"))) {
                        fiveHundreds.add(answer.status() + " GET " + port.port() + " " + target + " -> "
                                + answer.body());
                    }
                }
            }
            Http.Response search = http.get("/api/v1/search?q=" + java.net.URLEncoder.encode(
                    mutate("driver trips rate", random), StandardCharsets.UTF_8));
            sent++;
            if (search.status() >= 500) {
                fiveHundreds.add(search.status() + " search " + search.body());
            }
        }
        assertThat(sent).isGreaterThan(2_000);
        assertThat(fiveHundreds).as("requests answered 5xx, an HTML page, a stack trace or nothing").isEmpty();
        assertThat(http.get("/ready").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/projects/" + project).json().path("version").asInt(-1)).isEqualTo(version);
        assertThat(http.post("/get-online-features", lookup).body()).isEqualTo(before);
    }

    /** A malformed variant of a valid JSON body: cut, corrupted, or with a hostile value or shape spliced in. */
    private static String mutate(String body, java.util.Random random) {
        List<String> hostile = List.of("null", "[null]", "1e400", "NaN", "-Infinity", "18446744073709551623",
                "\"-999999999-01-01T00:00:00Z\"", "\"\\u0000\"", "\"\u0001\u0007\"", "{}", "[]", "true",
                "\"" + "x".repeat(5_000) + "\"", "[".repeat(2_000), "\"..%2f..%00%5c\"");
        int at = random.nextInt(body.length());
        return switch (random.nextInt(7)) {
            case 0 -> body.substring(0, at);
            case 1 -> body + " xyz";
            case 2 -> body.substring(0, at) + (char) random.nextInt(32) + body.substring(at);
            case 3 -> body.replaceFirst("\\[[^\\[\\]]*\\]", hostile.get(random.nextInt(hostile.size())));
            case 4 -> body.replaceFirst("\"[^\"]*\"(?=[,}\\]])", hostile.get(random.nextInt(hostile.size())));
            case 5 -> "{\"a\": 1, " + body.substring(1).replaceFirst("\"", "\"a\": 2, \"");
            default -> body.substring(0, at) + hostile.get(random.nextInt(hostile.size())) + body.substring(at);
        };
    }

    /**
     * A request target of {@code route} with a hostile path segment or query: encoded traversal, control
     * characters (raw and encoded), very long, unicode (raw, encoded, invalid UTF-8).
     */
    private static String mutatePath(String route, java.util.Random random) {
        List<String> hostile = List.of("%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2f..%2f", "%252e%252e%252f", "..;/x",
                "%5c..%5cwindows", "../../../../etc/passwd", "%00", "a%00b", "\u0001", "\t", "%0d%0aX-Evil:%201",
                "%7f", "x".repeat(1 + random.nextInt(12_000)), "\u00fc\u65e5\u672c", "%F0%9F%92%A9", "%C3%28",
                "%ff%fe", "%", "%zz", "\ud83d\udca9", ";jsessionid=x", "//", "%2F%2F", "*", "{project}");
        String bad = hostile.get(random.nextInt(hostile.size()));
        int slash = route.lastIndexOf('/');
        return switch (random.nextInt(5)) {
            case 0 -> route.substring(0, slash + 1) + bad; // one segment replaced
            case 1 -> route + "/" + bad;
            case 2 -> route.substring(0, slash + 1) + bad + route.substring(slash + 1); // spliced into a segment
            case 3 -> route + (route.contains("?") ? "&" : "?") + "q=" + bad;
            default -> route + "?" + bad;
        };
    }

    private record RawAnswer(int status, String body) {
    }

    /** One GET over a plain socket, so the target goes out byte for byte as given (an HTTP client would refuse). */
    private static RawAnswer rawGet(int port, String target) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            java.util.regex.Matcher status = java.util.regex.Pattern.compile("^HTTP/1\\.[01] (\\d{3})")
                    .matcher(answer);
            int end = answer.indexOf("\r\n\r\n");
            return new RawAnswer(status.find() ? Integer.parseInt(status.group(1)) : -1,
                    end < 0 ? answer : answer.substring(end + 4));
        } catch (java.io.IOException e) {
            return new RawAnswer(-1, e.toString());
        }
    }

    /** Sends half a body, then waits; how long until the server closes the connection (-1 if it never does). */
    private static long stallAndTime(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /get-online-features HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"features\": [").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            while (in.read() != -1) {
                // whatever the server answers before closing
            }
            return (System.nanoTime() - start) / 1_000_000;
        } catch (java.net.SocketTimeoutException e) {
            return -1;
        } catch (java.io.IOException e) {
            return 0; // reset by the server: cut off
        }
    }
}
