package dev.granary.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.Samples;
import dev.granary.spec.ValueType;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the UI tests look at, put in place through the public REST API: the rides sample (Parquet data written
 * under the repository, applied twice by two authors with statistics, one training set exported with
 * {@code driver_stats:conv_rate}) and project {@code xss}, whose descriptions carry HTML that must show as text.
 */
final class CatalogFixture {
    static final String RIDES = "rides";
    static final String XSS = "xss";
    static final String SEGMENTS_SAMPLE = "gold";
    /** Markup that would run script if a page inserted it as HTML; it sets {@code window.__xss}. */
    static final String HOSTILE = "Sneaky <img src=x onerror=\"window.__xss=1\"> and <script>window.__xss=2</script>"
            + " <b>bold</b> &amp; done";
    static final String NEW_VIEW_DESCRIPTION = "Hourly driver quality, refreshed every hour";
    /** Rows of the entity table of the exported training set, so rows of the training set. */
    static final int TRAINING_ROWS = 7;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    CatalogFixture(String base) {
        this.base = base;
    }

    /** Writes the sample data into {@code repo} and applies both projects (rides twice). */
    void applyAll(Path repo) throws IOException, InterruptedException {
        writeData(repo);
        ObjectNode v1 = SpecJson.toTree(Samples.rides());
        post("/api/v1/apply?author=alice&stats=true", v1);
        ObjectNode v2 = v1.deepCopy();
        view(v2, "driver_stats").put("description", NEW_VIEW_DESCRIPTION);
        post("/api/v1/apply?author=bob&stats=true&message=Describe%20the%20refresh", v2);

        ObjectNode xss = v1.deepCopy();
        xss.put("project", XSS);
        ObjectNode stats = view(xss, "driver_stats");
        stats.put("description", HOSTILE);
        ((ObjectNode) stats.path("features").get(0)).put("description", HOSTILE);
        post("/api/v1/apply?author=mallory", xss);
        exportTrainingSet();
    }

    /** GET of an API path, parsed. */
    /** Exports a training set of driver_stats:conv_rate through the API and waits for its job to succeed. */
    private void exportTrainingSet() throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("entities", "data/entities.parquet")
                .put("output", "out/train.parquet");
        body.putArray("features").add("driver_stats:conv_rate");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base
                                + "/api/v1/projects/" + RIDES + "/training-sets"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("export answered " + response.statusCode() + " " + response.body());
        }
        String job = JSON.readTree(response.body()).path("id").asText();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonNode state = get("/api/v1/jobs/" + job);
            switch (state.path("status").asText()) {
                case "SUCCEEDED" -> {
                    return;
                }
                case "FAILED" -> throw new IllegalStateException("export job failed: " + state);
                default -> Thread.sleep(100);
            }
        }
        throw new IllegalStateException("export job " + job + " did not finish in 60 s");
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static ObjectNode view(ObjectNode spec, String name) {
        for (JsonNode view : spec.path("featureViews")) {
            if (view.path("name").asText().equals(name)) {
                return (ObjectNode) view;
            }
        }
        throw new IllegalArgumentException("no view " + name);
    }

    private void post(String path, JsonNode spec) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(spec))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.headers().firstValue("X-Granary-Statistics-Error").isPresent()) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + " "
                    + response.headers().firstValue("X-Granary-Statistics-Error").orElse("") + " " + response.body());
        }
    }

    /** The columns Samples' Javadoc lists, with seeded random values (some nulls) over two days of hours. */
    private static void writeData(Path repo) throws IOException {
        Path data = Files.createDirectories(repo.resolve("data"));
        Random random = new Random(42);
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        List<Object[]> hourly = new ArrayList<>();
        for (int hour = 0; hour < 48; hour++) {
            for (long driver = 1001; driver <= 1010; driver++) {
                Instant at = start.plusSeconds(3600L * hour);
                Double conv = random.nextInt(20) == 0 ? null : random.nextDouble();
                hourly.add(new Object[] {driver, at, at, conv, random.nextDouble(), (long) random.nextInt(30)});
            }
        }
        ParquetTables.write(data.resolve("driver_hourly.parquet"), List.of(
                new Column("driver_id", ValueType.INT64), new Column("event_timestamp", ValueType.TIMESTAMP),
                new Column("created", ValueType.TIMESTAMP), new Column("conv_rate", ValueType.FLOAT64),
                new Column("acc_rate", ValueType.FLOAT64), new Column("trips", ValueType.INT64)), hourly);
        String[] segments = {SEGMENTS_SAMPLE, SEGMENTS_SAMPLE, SEGMENTS_SAMPLE, "silver", "silver", "bronze"};
        List<Object[]> daily = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            for (long customer = 1; customer <= 30; customer++) {
                daily.add(new Object[] {customer, start.plusSeconds(86_400L * day), 10 + 90 * random.nextDouble(),
                        segments[random.nextInt(segments.length)]});
            }
        }
        List<Object[]> entities = new ArrayList<>();
        for (int i = 0; i < TRAINING_ROWS; i++) {
            entities.add(new Object[] {1001L + i, start.plusSeconds(3600L * (10 + i))});
        }
        ParquetTables.write(data.resolve("entities.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP)), entities);
        ParquetTables.write(data.resolve("customer_daily.parquet"), List.of(
                new Column("customer_id", ValueType.INT64), new Column("event_timestamp", ValueType.TIMESTAMP),
                new Column("avg_spend", ValueType.FLOAT64), new Column("customer_segment", ValueType.STRING)), daily);
    }
}
