package dev.granary.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.config.OnlineType;
import dev.granary.error.ConfigException;
import dev.granary.error.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GranaryConfigTest {
    @TempDir
    Path repo;

    @Test
    void withoutAFileEverythingHasTheEmbeddedDefaultsResolvedAgainstTheRepository() {
        GranaryConfig config = GranaryConfig.load(repo, Map.of());

        Path root = repo.toAbsolutePath().normalize();
        assertThat(config.repoDir()).isEqualTo(root);
        assertThat(config.project()).isEqualTo("default");
        assertThat(config.registry().url()).isEqualTo("jdbc:h2:file:" + root.resolve(".granary/registry"));
        assertThat(config.registry().isEmbedded()).isTrue();
        assertThat(config.registry().user()).isEqualTo("sa");
        assertThat(config.registry().password()).isEmpty();
        assertThat(config.online().type()).isEqualTo(OnlineType.EMBEDDED);
        assertThat(config.online().path()).isEqualTo(root.resolve(".granary/online"));
        assertThat(config.online().url()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(config.online().poolSize()).isEqualTo(16);
        assertThat(config.online().floatText()).isTrue();
        assertThat(config.offline().root()).isEqualTo(root);
        assertThat(config.catalog().path()).isEqualTo(root.resolve(".granary/catalog"));
        assertThat(config.server().port()).isEqualTo(6566);
        assertThat(GranaryConfig.defaults(repo)).isEqualTo(config);
    }

    @Test
    void fileValuesAreReadAndEnvironmentOverridesThem() throws IOException {
        write("""
                project: rides
                registry: { url: "jdbc:postgresql://db:5432/granary", user: granary, password: s3cret }
                online:   { type: redis, url: "redis://cache:6379", poolSize: 4, tls: true, floatText: false }
                offline:  { root: data }
                server:   { port: 7000 }
                """);

        GranaryConfig config = GranaryConfig.load(repo, Map.of("GRANARY_SERVER_PORT", "7100",
                "GRANARY_ONLINE_POOL_SIZE", "8", "GRANARY_UNRELATED_THING", "ignored"));

        assertThat(config.project()).isEqualTo("rides");
        assertThat(config.registry().url()).isEqualTo("jdbc:postgresql://db:5432/granary");
        assertThat(config.registry().user()).isEqualTo("granary");
        assertThat(config.registry().password().orElseThrow().reveal()).isEqualTo("s3cret");
        assertThat(config.online().type()).isEqualTo(OnlineType.REDIS);
        assertThat(config.online().tls()).isTrue();
        assertThat(config.online().poolSize()).isEqualTo(8);
        assertThat(config.online().floatText()).isFalse();
        assertThat(config.offline().root()).isEqualTo(repo.toAbsolutePath().normalize().resolve("data"));
        assertThat(config.server().port()).isEqualTo(7100);
    }

    @Test
    void aRedisClusterIsConfiguredByItsNodesInYamlOrTheEnvironment() throws IOException {
        write("online: { type: redis-cluster, nodes: [\"redis://h1:7000\", \"redis://h2:7001\"] }\n");

        GranaryConfig fromFile = GranaryConfig.load(repo, Map.of());
        GranaryConfig fromEnvironment = GranaryConfig.load(repo,
                Map.of("GRANARY_ONLINE_NODES", "redis://h3:7000, redis://h4:7000"));

        assertThat(fromFile.online().type()).isEqualTo(OnlineType.REDIS_CLUSTER);
        assertThat(fromFile.online().nodes()).containsExactly("redis://h1:7000", "redis://h2:7001");
        assertThat(fromEnvironment.online().nodes()).containsExactly("redis://h3:7000", "redis://h4:7000");
    }

    @Test
    void aRedisClusterWithoutNodesOrWithABadNodeIsAnErrorNamingTheKey() throws IOException {
        write("online: { type: redis-cluster }\n");
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("online.nodes");

        write("online: { type: redis-cluster, nodes: [\"h1:7000\"] }\n");
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("online.nodes").hasMessageContaining("redis://host:port");
    }

    @Test
    void secretsNeverAppearWhenTheConfigIsPrinted() throws IOException {
        write("registry: { url: \"jdbc:postgresql://db/x\", password: hunter2 }\nonline: { password: topsecret }\n");

        String printed = GranaryConfig.load(repo, Map.of()).toString();

        assertThat(printed).doesNotContain("hunter2").doesNotContain("topsecret").contains("****");
    }

    @Test
    void unknownKeyIsAnErrorNamingTheKeyAndTheFile() throws IOException {
        write("registry:\n  url: jdbc:h2:mem:x\n  pasword: oops\n");

        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("registry.pasword");
                    assertThat(e.getMessage()).contains("registry.pasword").contains("granary.yaml")
                            .contains("registry.password");
                    assertThat(ExitCodes.of(e)).isEqualTo(ExitCodes.BAD_INPUT);
                });
    }

    @Test
    void unknownTopLevelSectionIsAnError() throws IOException {
        write("regsitry: { url: x }\n");

        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'regsitry'");
    }

    @Test
    void invalidValuesNameTheKeyAndTheVariable() {
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of("GRANARY_SERVER_PORT", "http")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.port").hasMessageContaining("GRANARY_SERVER_PORT");
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of("GRANARY_ONLINE_TYPE", "memcached")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("embedded").hasMessageContaining("redis");
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of("GRANARY_ONLINE_FLOAT_TEXT", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("online.floatText")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of("GRANARY_SERVER_PORT", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("65535");
    }

    @Test
    void theServingPortIsOffUnlessSetInTheFileOrTheEnvironment() throws IOException {
        assertThat(GranaryConfig.load(repo, Map.of()).server().onlinePort()).isEmpty();
        write("server: { port: 7000, onlinePort: 7001 }\n");
        assertThat(GranaryConfig.load(repo, Map.of()).server().onlinePort()).hasValue(7001);
        assertThat(GranaryConfig.load(repo, Map.of("GRANARY_SERVER_ONLINE_PORT", "0")).server().onlinePort())
                .hasValue(0);
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of("GRANARY_SERVER_ONLINE_PORT", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.onlinePort");
    }

    @Test
    void theFlightPortIsOffUnlessSetInTheFileOrTheEnvironment() throws IOException {
        assertThat(GranaryConfig.load(repo, Map.of()).server().flightPort()).isEmpty();
        write("server: { port: 7000, flightPort: 8815 }\n");
        assertThat(GranaryConfig.load(repo, Map.of()).server().flightPort()).hasValue(8815);
        assertThat(GranaryConfig.load(repo, Map.of("GRANARY_SERVER_FLIGHT_PORT", "0")).server().flightPort())
                .hasValue(0);
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of("GRANARY_SERVER_FLIGHT_PORT", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.flightPort");
    }

    @Test
    void theServerProfileIsDefaultOrLatency() throws IOException {
        assertThat(GranaryConfig.load(repo, Map.of()).server().profile()).isEqualTo("default");
        write("server: { port: 7000, profile: latency }\n");
        assertThat(GranaryConfig.load(repo, Map.of()).server().profile()).isEqualTo("latency");
        assertThat(GranaryConfig.load(repo, Map.of("GRANARY_SERVER_PROFILE", "default")).server().profile())
                .isEqualTo("default");
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of("GRANARY_SERVER_PROFILE", "fast")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.profile")
                .hasMessageContaining("[default, latency]");
    }

    @Test
    void brokenYamlIsAConfigError() throws IOException {
        write("registry: { url: [unclosed\n");

        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void theOfflineEngineIsInProcessUnlessSparkIsChosenWithItsMasterAndProperties() throws IOException {
        assertThat(GranaryConfig.load(repo, Map.of()).offline().engine()).isEqualTo("parquet");
        assertThat(GranaryConfig.load(repo, Map.of()).offline().engineSettings()).isEmpty();
        write("""
                offline:
                  engine: spark
                  spark: { master: "spark://10.0.0.1:7077", conf: { spark.executor.memory: 4g, spark.executor.cores: 2 } }
                """);

        GranaryConfig config = GranaryConfig.load(repo, Map.of("GRANARY_OFFLINE_SPARK_MASTER", "local[2]"));

        assertThat(config.offline().engine()).isEqualTo("spark");
        assertThat(config.offline().engineSettings()).isEqualTo(Map.of("master", "local[2]",
                "conf", Map.of("spark.executor.memory", "4g", "spark.executor.cores", "2")));
        write("offline: { spark: { conf: oops } }\n");
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("offline.spark.conf");
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertThat(ConfigLoader.environmentName("registry.url")).isEqualTo("GRANARY_REGISTRY_URL");
        assertThat(ConfigLoader.environmentName("online.timeoutMillis")).isEqualTo("GRANARY_ONLINE_TIMEOUT_MILLIS");
    }

    private void write(String yaml) throws IOException {
        Files.writeString(repo.resolve("granary.yaml"), yaml);
    }

    @Test
    void monitoringIsOffUntilAnIntervalIsGivenAndItsValuesAreChecked() throws IOException {
        MonitoringSettings off = GranaryConfig.load(repo, Map.of()).monitoring();
        assertThat(off.enabled()).isFalse();
        assertThat(off.window()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(off.retention()).isEqualTo(java.time.Duration.ofDays(30));

        write("monitoring: { interval: 1h, window: 6h, retention: 7d }\n");
        MonitoringSettings on = GranaryConfig.load(repo, Map.of()).monitoring();
        assertThat(on.interval()).contains(java.time.Duration.ofHours(1));
        assertThat(on.window()).isEqualTo(java.time.Duration.ofHours(6));
        assertThat(on.retention()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(GranaryConfig.load(repo, Map.of("GRANARY_MONITORING_INTERVAL", "PT15M")).monitoring().interval())
                .contains(java.time.Duration.ofMinutes(15));

        write("monitoring:\n  interval: hourly\n");
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("monitoring.interval");
                    assertThat(e.getMessage()).contains("monitoring.interval").contains("GRANARY_MONITORING_INTERVAL")
                            .contains("'hourly'").contains("1h");
                });
        write("monitoring:\n  interval: 0s\n");
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.field()).isEqualTo("monitoring.interval"));
        write("monitoring:\n  interval: 1d\n  retention: 1h\n");
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).contains("monitoring.retention").contains("monitoring.interval"));
        write("monitoring: 1h\n");
        assertThatThrownBy(() -> GranaryConfig.load(repo, Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).contains("monitoring").contains("mapping"));
    }
}
