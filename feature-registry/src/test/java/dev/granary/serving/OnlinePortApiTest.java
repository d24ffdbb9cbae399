package dev.granary.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.online.OnlineStore;
import dev.granary.online.RedisConfig;
import dev.granary.server.GranaryServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole online API contract on the serving port ({@code server.onlinePort}, the Netty event-loop server) with
 * Redis, plus what only that server decides: routes, methods, and answers in request order on a connection even
 * when a large lookup is handed to the worker pool.
 */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OnlinePortApiTest extends OnlineApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OnlineTestRepo REPO = OnlineTestRepo.create(EmbeddedOnlineApiTest.temporaryFolder(),
            "port_" + UUID.randomUUID().toString().substring(0, 8), 200, 10,
            "online:\n  type: redis\n  url: \"" + RedisOnlineApiTest.REDIS_URL + "\"\n  poolSize: 4\n"
                    + "server:\n  onlinePort: 0");

    @Autowired
    OnlinePort onlinePort;

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, () -> REPO.dir().toString());
    }

    @AfterAll
    static void removeKeys() {
        try (OnlineStore store = OnlineStore.redis(RedisConfig.of(RedisOnlineApiTest.REDIS_URL))) {
            store.deleteProject(REPO.project());
        }
    }

    @Override
    public OnlineTestRepo repo() {
        return REPO;
    }

    @Override
    int servingPort() {
        return onlinePort.port().orElseThrow();
    }

    @Test
    void theServingPortIsNotTheMainPort() {
        assertThat(servingPort()).isPositive().isNotEqualTo(port);
    }

    @Test
    void otherRoutesAnswer404PointingAtTheMainPort() {
        Http.Response response = serving.get("/api/v1/projects");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("error").asText()).isEqualTo("NOT_FOUND");
        assertThat(response.json().path("message").asText()).contains("server.port");
    }

    @Test
    void aLookupWithGetAnswers405() {
        Http.Response response = serving.get("/get-online-features");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.json().path("message").asText()).contains("POST");
    }

    @Test
    void aBodyOverTheLimitAnswers413NamingTheFix() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", servingPort())) {
            // the declared length alone is over the limit: the answer comes before any body is sent
            socket.getOutputStream().write(("POST /get-online-features HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (OnlineHttpServer.MAX_BODY_BYTES + 1)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            JsonNode body = JSON.readTree(readBody(in, 413));
            assertThat(body.path("error").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(body.path("field").asText()).isEqualTo("body");
            assertThat(body.path("message").asText()).contains("limits.maxBodyBytes = " + OnlineHttpServer.MAX_BODY_BYTES);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderWhenALargeOneRunsOnAWorker() throws IOException {
        List<Long> all = new ArrayList<>();
        for (long d = 1; d <= repo().drivers(); d++) {
            all.add(d);
        }
        byte[] large = request(Map.of("features", List.of("driver_stats:trips"), "entities", Map.of("driver_id", all)));
        byte[] small = request(Map.of("features", List.of("driver_stats:trips"),
                "entities", Map.of("driver_id", List.of(7L))));
        try (Socket socket = new Socket("127.0.0.1", servingPort())) {
            OutputStream out = socket.getOutputStream();
            // both requests leave before any answer is read: the large one (a worker) must still answer first
            out.write(large);
            out.write(small);
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            JsonNode first = JSON.readTree(readBody(in, 200));
            JsonNode second = JSON.readTree(readBody(in, 200));
            assertThat(first.path("results").get(0).path("values")).hasSize(all.size());
            assertThat(second.path("results").get(0).path("values")).hasSize(1);
            assertThat(second.path("results").get(0).path("values").get(0).asLong()).isEqualTo(7L);
        }
    }

    private byte[] request(Object body) throws IOException {
        byte[] json = JSON.writeValueAsBytes(body);
        String head = "POST /get-online-features HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[headBytes.length + json.length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(json, 0, out, headBytes.length, json.length);
        return out;
    }

    /** Reads one response with a Content-Length (as this server always sends), checks its status, returns its body. */
    private static byte[] readBody(InputStream in, int status) throws IOException {
        int length = -1;
        String line;
        assertThat(line(in)).startsWith("HTTP/1.1 " + status);
        while (!(line = line(in)).isEmpty()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        assertThat(length).isPositive();
        return in.readNBytes(length);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                text.append((char) c);
            }
        }
        return text.toString();
    }
}
