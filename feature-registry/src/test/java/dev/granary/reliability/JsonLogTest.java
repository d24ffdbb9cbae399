package dev.granary.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logging.format: json}: {@code granary serve} (a child JVM) writes its log as one JSON object per line, with
 * the level, the logger and the message, so a log collector reads it without patterns.
 */
class JsonLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyLogLineIsAJsonObjectWithLevelLoggerAndMessage() throws Exception {
        int port = RedisProcess.freePort();
        Files.writeString(dir.resolve("granary.yaml"), "project: logs\nserver:\n  port: " + port
                + "\nlogging:\n  format: json\n");
        String log;
        try (ServerProcess server = ServerProcess.start(dir, port)) {
            // /health may answer a moment before Spring logs that it started
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            log = server.log();
            while (!log.contains("Started GranaryServer") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                log = server.log();
            }
        }
        List<JsonNode> events = new ArrayList<>();
        for (String line : log.split("\n")) {
            // the JVM's own warnings come before any logging starts; every line of the log itself is JSON
            if (line.startsWith("OpenJDK") || line.startsWith("WARNING:") || line.isBlank()) {
                continue;
            }
            JsonNode event = JSON.readTree(line);
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.path("level").asText()).as(line).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(event.path("logger_name").asText()).as(line).isNotBlank();
            assertThat(event.has("message")).as(line).isTrue();
            assertThat(event.path("@timestamp").asText()).as(line).isNotBlank();
            events.add(event);
        }
        assertThat(events).anySatisfy(event -> {
            assertThat(event.path("level").asText()).isEqualTo("INFO");
            assertThat(event.path("logger_name").asText()).isEqualTo("dev.granary.server.GranaryServer");
            assertThat(event.path("message").asText()).startsWith("Started GranaryServer");
        });
    }
}
