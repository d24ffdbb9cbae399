package dev.granary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.online.LocalRedisCluster;
import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.json.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on a real Redis Cluster (three masters on loopback) chosen in {@code granary.yaml} alone:
 * {@code materialize} spreads the rows over the masters and {@code get} reads them back.
 */
class RedisClusterCommandsTest {
    @TempDir
    Path dir;

    private String granary(String... args) {
        CliRun run = CliRun.inRepo(dir, args);
        assertThat(run.exitCode()).as("%s%n%s", String.join(" ", args), run).isZero();
        return run.out();
    }

    @Test
    void materializeAndGetWorkOnAClusterByConfigurationAlone() throws Exception {
        try (LocalRedisCluster cluster = LocalRedisCluster.start(3, 0)) {
            OnlineTestRepo repo = OnlineTestRepo.create(dir, "cli_cluster", 30, 5,
                    "online:\n  type: redis-cluster\n  nodes: [\"" + String.join("\", \"", cluster.nodeUrls()) + "\"]");
            Files.writeString(dir.resolve("features.granary.json"), SpecJson.write(repo.spec()));
            granary("apply");

            Instant now = repo.now();
            String materialized = granary("materialize", now.minus(Duration.ofDays(1)).toString(), now.toString(),
                    "--views", "driver_stats,customer_stats");
            assertThat(materialized).contains("driver_stats: 30 rows written").contains("customer_stats: 5 rows written");
            long mastersHoldingRows = cluster.masterPorts().stream()
                    .filter(port -> Long.parseLong(cluster.cli(port, "DBSIZE").trim()) > 0).count();
            assertThat(mastersHoldingRows).as("masters holding rows of the 35 entities").isEqualTo(3);

            String get = granary("get", "--entity", "driver_id=3",
                    "--features", "driver_stats:conv_rate,driver_stats:trips");
            OnlineTestRepo.DriverRow want = repo.asOf(now.minus(Duration.ofDays(1)), now, 86_400).get(3L);
            assertThat(get).containsPattern("driver_id +3 +PRESENT")
                    .containsPattern("conv_rate +" + want.convRate() + " +PRESENT +" + want.time())
                    .containsPattern("trips +" + want.trips() + " +PRESENT");

            String service = granary("get", "--entity", "driver_id=4,customer_id=c2", "--feature-service", "ranking");
            assertThat(service).containsPattern("trips +4[0-9] +PRESENT").containsPattern("level +level-2 +PRESENT");
        }
    }
}
