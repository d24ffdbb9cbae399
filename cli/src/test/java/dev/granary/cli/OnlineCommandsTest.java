package dev.granary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.serving.OnlineTestRepo;
import dev.granary.spec.json.SpecJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code granary materialize}, {@code materialize-incremental} and {@code get} in process on a repository with
 * the embedded stores: exit codes, the table, progress on stderr, errors naming the argument.
 */
class OnlineCommandsTest {
    @TempDir
    Path dir;

    private CliRun granary(String... args) {
        return CliRun.inRepo(dir, args);
    }

    @Test
    void materializeThenGetPrintsTheFeaturesOfOneEntity() throws Exception {
        OnlineTestRepo repo = OnlineTestRepo.create(dir, "cli_online", 30, 5, null);
        Files.writeString(dir.resolve("features.granary.json"), SpecJson.write(repo.spec()));
        assertThat(granary("apply").exitCode()).isZero();

        Instant now = repo.now();
        CliRun materialized = granary("materialize", now.minus(Duration.ofDays(1)).toString(), now.toString(),
                "--views", "driver_stats,customer_stats");
        assertThat(materialized.exitCode()).as(materialized.toString()).isZero();
        assertThat(materialized.out()).contains("driver_stats: 30 rows written").contains("customer_stats: 5 rows written");
        assertThat(materialized.err()).contains("2/2 views");

        CliRun get = granary("get", "--entity", "driver_id=3", "--features", "driver_stats:conv_rate,driver_stats:trips");
        assertThat(get.exitCode()).as(get.toString()).isZero();
        OnlineTestRepo.DriverRow want = repo.asOf(now.minus(Duration.ofDays(1)), now, 86_400).get(3L);
        assertThat(get.out()).containsPattern("FEATURE +VALUE +STATUS +EVENT TIME")
                .containsPattern("driver_id +3 +PRESENT")
                .containsPattern("conv_rate +" + want.convRate() + " +PRESENT +" + want.time())
                .containsPattern("trips +" + want.trips() + " +PRESENT");

        CliRun service = granary("get", "--entity", "driver_id=4,customer_id=c9", "--feature-service", "ranking");
        assertThat(service.exitCode()).as(service.toString()).isZero();
        assertThat(service.out()).containsPattern("level +null +NOT_FOUND +-").containsPattern("trips +4[0-9] +PRESENT");
    }

    @Test
    void incrementalRunsFromTheWatermark() throws Exception {
        OnlineTestRepo repo = OnlineTestRepo.create(dir, "cli_incremental", 10, 2, null);
        Files.writeString(dir.resolve("features.granary.json"), SpecJson.write(repo.spec()));
        assertThat(granary("apply").exitCode()).isZero();
        CliRun first = granary("materialize-incremental", repo.now().toString(), "--views", "driver_stats");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("driver_stats: 10 rows written");
        CliRun again = granary("materialize-incremental", repo.now().toString(), "--views", "driver_stats");
        assertThat(again.out()).contains("driver_stats: already materialized up to " + repo.now());
    }

    @Test
    void badArgumentsExitWithTwoNamingWhatIsWrong() throws Exception {
        OnlineTestRepo repo = OnlineTestRepo.create(dir, "cli_bad", 5, 1, null);
        Files.writeString(dir.resolve("features.granary.json"), SpecJson.write(repo.spec()));
        assertThat(granary("apply").exitCode()).isZero();

        CliRun badInstant = granary("materialize", "yesterday", repo.now().toString());
        assertThat(badInstant.exitCode()).isEqualTo(2);
        assertThat(badInstant.err()).contains("START 'yesterday' is not an ISO-8601 instant");

        CliRun badView = granary("materialize", repo.now().minusSeconds(60).toString(), repo.now().toString(),
                "--views", "nope");
        assertThat(badView.exitCode()).isEqualTo(2);
        assertThat(badView.err()).contains("'nope'");

        CliRun badEnd = granary("materialize-incremental", "soon");
        assertThat(badEnd.exitCode()).isEqualTo(2);
        assertThat(badEnd.err()).contains("END 'soon'");

        CliRun badKey = granary("get", "--entity", "driver_id=abc", "--features", "driver_stats:trips");
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.err()).contains("driver_id").contains("integer");

        CliRun unknownFeature = granary("get", "--entity", "driver_id=1", "--features", "driver_stats:nope");
        assertThat(unknownFeature.exitCode()).isEqualTo(2);
        assertThat(unknownFeature.err()).contains("no feature 'nope'");

        CliRun neither = granary("get", "--entity", "driver_id=1");
        assertThat(neither.exitCode()).isEqualTo(2);
    }
}
