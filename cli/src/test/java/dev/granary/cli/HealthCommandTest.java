package dev.granary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code granary health}: a table worst first, JSON, and exit code 1 when a feature alerts (a pipeline gate). */
class HealthCommandTest {
    @TempDir
    Path repo;

    private static final String SPEC = """
            {"project": "rides",
             "entities": [{"name": "driver", "joinKeys": [{"name": "driver_id", "type": "INT64"}]}],
             "sources": [{"name": "hourly", "type": "parquet", "path": "data/hourly.parquet", "timestampField": "event_timestamp"}],
             "featureViews": [{"name": "driver_stats", "entities": ["driver"], "source": "hourly", "ttlSeconds": 86400,
                               "online": true, "features": [{"name": "conv_rate", "type": "FLOAT64"},
                                                            {"name": "trips", "type": "FLOAT64"}]}],
             "featureServices": [{"name": "ranking", "features": ["driver_stats:conv_rate", "driver_stats:trips"],
                                  "monitors": [{"target": "driver_stats:trips", "thresholds": {"psi": 0.5}}]}]}
            """;

    /** Eight days of rows, the last day's {@code conv_rate} shifted by {@code shift} standard deviations. */
    private void writeData(double shift) throws IOException {
        Files.createDirectories(repo.resolve("data"));
        SplittableRandom random = new SplittableRandom(5);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 8000; i++) {
            boolean recent = i >= 6000;
            Instant t = recent ? now.minus(Duration.ofMinutes(1 + random.nextInt(60 * 23)))
                    : now.minus(Duration.ofHours(25 + random.nextInt(24 * 6)));
            double z = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            rows.add(new Object[] {(long) i, t, z + (recent ? shift : 0), (double) random.nextInt(20)});
        }
        ParquetTables.write(repo.resolve("data/hourly.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("conv_rate", ValueType.FLOAT64),
                new Column("trips", ValueType.FLOAT64)), rows);
    }

    @Test
    void aDriftingFeatureAlertsAndExitsOne() throws IOException {
        Files.writeString(repo.resolve("granary.yaml"), "project: rides\n");
        Files.writeString(repo.resolve("rides.granary.json"), SPEC);
        writeData(0);
        CliRun apply = CliRun.granary(repo, "apply", "rides.granary.json");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();

        CliRun healthy = CliRun.granary(repo, "health", "ranking");
        assertThat(healthy.exitCode()).as(healthy.toString()).isZero();
        assertThat(healthy.out()).contains("drift").contains("Status ok: 0 alerting");

        writeData(1.5);
        CliRun drifted = CliRun.granary(repo, "health", "ranking", "--window", "24h");
        assertThat(drifted.exitCode()).as(drifted.toString()).isEqualTo(1);
        List<String> lines = drifted.out().lines().toList();
        assertThat(lines.get(1)).startsWith("FEATURE").contains("STATUS").contains("psi").contains("CAUSES");
        assertThat(lines.get(2)).startsWith("driver_stats:conv_rate").contains("alert").contains("psi ");
        assertThat(lines.get(3)).startsWith("driver_stats:trips").contains("ok");

        CliRun json = CliRun.granary(repo, "health", "ranking", "--json");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.path("status").asText()).isEqualTo("alert");
        assertThat(report.path("features").get(0).path("name").asText()).isEqualTo("driver_stats:conv_rate");
        assertThat(report.path("features").get(0).path("causes").get(0).path("measure").asText()).isNotEmpty();
        assertThat(report.path("features").get(1).path("measures").findValuesAsText("measure")).contains("psi");

        CliRun badWindow = CliRun.granary(repo, "health", "ranking", "--window", "soon");
        assertThat(badWindow.exitCode()).as(badWindow.toString()).isEqualTo(2);
        assertThat(badWindow.err()).contains("--window");
        CliRun unknown = CliRun.granary(repo, "health", "nope");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err()).contains("nope");
    }
}
