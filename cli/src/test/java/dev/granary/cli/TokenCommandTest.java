package dev.granary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.config.GranaryConfig;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.ValueType;
import dev.granary.registry.RegistryDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code granary token} and {@code granary audit} on a repository's own registry (no server, no token needed). */
class TokenCommandTest {
    @TempDir
    Path repo;

    private CliRun granary(String... args) {
        return CliRun.inProcess(args);
    }

    @Test
    void tokensAreMadeListedGrantedRevokedAndAudited() throws Exception {
        Files.writeString(repo.resolve("granary.yaml"), "project: rides\n");
        String dir = repo.toString();
        CliRun created = granary("token", "create", "--repo", dir, "--project", "rides", "--role", "reader",
                "--name", "dashboard", "--expires", "30d");
        assertThat(created.exitCode()).as(created.err()).isZero();
        Matcher secret = Pattern.compile("^(gr_\\S+)$", Pattern.MULTILINE).matcher(created.out());
        assertThat(secret.find()).as(created.out()).isTrue();
        Matcher id = Pattern.compile("Token (tok_[0-9a-f]+)").matcher(created.out());
        assertThat(id.find()).isTrue();

        CliRun listed = granary("token", "list", "--repo", dir);
        assertThat(listed.out()).contains(id.group(1)).contains("dashboard").contains("reader").contains("active")
                .doesNotContain(secret.group(1));

        assertThat(granary("token", "grant", "--repo", dir, id.group(1), "driver_stats:conv_rate").out())
                .contains("driver_stats:conv_rate");
        assertThat(granary("token", "revoke", "--repo", dir, id.group(1)).out()).contains("revoked");
        assertThat(granary("token", "list", "--repo", dir).out()).contains("revoked");

        CliRun audit = granary("audit", "--repo", dir, "--project", "rides");
        assertThat(audit.exitCode()).as(audit.err()).isZero();
        assertThat(audit.out()).contains("token-create").contains("grant").contains("token-revoke").contains("local");

        try (RegistryDatabase database = RegistryDatabase.open(GranaryConfig.load(repo).registry());
             var connection = database.dataSource().getConnection();
             var rows = connection.createStatement().executeQuery(
                     "SELECT id, name, project, role, token_hash FROM api_tokens")) {
            assertThat(rows.next()).isTrue();
            for (int c = 1; c <= 5; c++) {
                assertThat(rows.getString(c)).as("column " + c).doesNotContain(secret.group(1).substring(3));
            }
            assertThat(rows.getString(5)).hasSize(64);
        }
    }

    @Test
    void localAppliesAndRollbacksAreAuditedAsTheOsUser() throws Exception {
        Files.writeString(repo.resolve("granary.yaml"), "project: rides\n");
        Files.createDirectories(repo.resolve("data"));
        ParquetTables.write(repo.resolve("data/d.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                        new Column("event_timestamp", ValueType.TIMESTAMP), new Column("conv_rate", ValueType.FLOAT64)),
                List.<Object[]>of(new Object[] {1001L, Instant.parse("2026-11-20T10:00:00Z"), 0.5}));
        String spec = """
                {"project": "rides",
                 "entities": [{"name": "driver", "joinKeys": [{"name": "driver_id", "type": "INT64"}]}],
                 "sources": [{"name": "driver_hourly", "path": "data/d.parquet"}],
                 "featureViews": [{"name": "driver_stats", "entities": ["driver"], "source": "driver_hourly",
                                   "features": [{"name": "conv_rate", "type": "FLOAT64"%s}]}]}
                """;
        Files.writeString(repo.resolve("rides.granary.json"), spec.formatted(""));
        assertThat(CliRun.granary(repo, "apply", "rides.granary.json").exitCode()).isZero();
        Files.writeString(repo.resolve("rides.granary.json"), spec.formatted(", \"restricted\": true"));
        CliRun restricted = CliRun.granary(repo, "apply", "rides.granary.json");
        assertThat(restricted.exitCode()).as(restricted.toString()).isZero();
        assertThat(restricted.out()).contains("restricted");
        assertThat(CliRun.granary(repo, "rollback", "1").exitCode()).isZero();

        CliRun audit = granary("audit", "--repo", repo.toString(), "--project", "rides");
        assertThat(audit.exitCode()).as(audit.err()).isZero();
        String user = "local " + System.getProperty("user.name");
        assertThat(audit.out().lines().filter(l -> l.contains("apply") && l.contains(user))).hasSize(2);
        assertThat(audit.out().lines().filter(l -> l.contains("rollback") && l.contains(user))).hasSize(1);
    }

    @Test
    void aBadRoleIsBadInputNamingIt() throws Exception {
        Files.writeString(repo.resolve("granary.yaml"), "project: rides\n");
        CliRun bad = granary("token", "create", "--repo", repo.toString(), "--project", "rides", "--role", "owner");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("owner").contains("reader, writer or admin");
    }
}
