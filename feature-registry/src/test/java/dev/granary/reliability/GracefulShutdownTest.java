package dev.granary.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.config.GranaryConfig;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.RegistryDatabase;
import dev.granary.serving.OnlineTestRepo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SIGTERM} to a real {@code granary serve} (a child JVM on its own Redis) while lookups are in flight on both
 * ports: the server stops taking connections at once, answers the lookups it had taken, and exits.
 */
class GracefulShutdownTest {
    private static final String LOOKUP = """
            {"features": ["driver_stats:conv_rate"], "entities": {"driver_id": [1, 2]}}""";

    @TempDir
    Path dir;

    @Test
    void sigtermFinishesRequestsInFlightOnBothPortsAndRefusesNewConnections() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir)) {
            int port = RedisProcess.freePort();
            int onlinePort = RedisProcess.freePort();
            OnlineTestRepo repo = OnlineTestRepo.create(dir, "graceful", 10, 1, "online:\n  type: redis\n  url: \""
                    + redis.url() + "\"\n  timeoutMillis: 20000");
            Files.writeString(dir.resolve("granary.yaml"), "server:\n  port: " + port + "\n  onlinePort: " + onlinePort
                    + "\n", StandardOpenOption.APPEND);
            try (RegistryDatabase database = RegistryDatabase.open(GranaryConfig.load(dir).registry())) {
                database.registry().apply(repo.spec(), ApplyOptions.by("test"));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            try (ServerProcess server = ServerProcess.start(dir, port)) {
                for (int p : List.of(port, onlinePort)) {
                    assertThat(lookup(http, p).get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                }

                redis.pause(); // lookups now wait on Redis: they stay in flight until it resumes
                List<CompletableFuture<HttpResponse<String>>> inFlight = List.of(lookup(http, port),
                        lookup(http, onlinePort));
                Thread.sleep(1_000);
                server.terminate();
                Thread.sleep(1_000);
                for (int p : List.of(port, onlinePort)) {
                    assertThatThrownBy(() -> connect(p)).as("port %d takes no new connection", p)
                            .isInstanceOf(IOException.class);
                }
                assertThat(server.process().isAlive()).as("it waits for the lookups in flight").isTrue();

                redis.resume();
                for (CompletableFuture<HttpResponse<String>> answer : inFlight) {
                    HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    assertThat(response.body()).contains("conv_rate");
                }
                assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as("it exits").isTrue();
            }
        }
    }

    private static CompletableFuture<HttpResponse<String>> lookup(HttpClient http, int port) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/get-online-features"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(LOOKUP))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        }
    }
}
