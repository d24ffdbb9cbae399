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
    /** Spring Boot's console layout: {@code 2026-12-05T03:40:12.345Z  INFO 1234 --- [granary] [main] ...}. */
    private static final String TEXT_EVENT = "^\\d{4}-\\d{2}-\\d{2}[T ][\\d:.]+\\S*\\s+(TRACE|DEBUG|INFO|WARN|ERROR)\\s.*";

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
            // what the JVM and a few libraries print straight to the console (not through the logging system) is
            // no log event; every event is a JSON object, none is in the text layout
            assertThat(line).as("an event in the text layout").doesNotMatch(TEXT_EVENT);
            if (!line.startsWith("{")) {
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
