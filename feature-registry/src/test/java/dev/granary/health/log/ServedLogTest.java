package dev.granary.health.log;

import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.assembly.GranaryParts;
import dev.granary.client.lookup.LookupResult;
import dev.granary.config.GranaryConfig;
import dev.granary.dsl.Definitions;
import dev.granary.dsl.Entity;
import dev.granary.dsl.FeatureView;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.stats.FeatureStatistics;
import dev.granary.offline.stats.FeatureStats;
import dev.granary.online.EntityKey;
import dev.granary.online.OnlineRow;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.Registry;
import dev.granary.serving.OnlineFeatureService;
import dev.granary.serving.OnlineQuery;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups by a logging service through the lookup core both ports and the CLI use, on the embedded store and an H2
 * registry: the Parquet log reads back equal to what was served, and reads as a source.
 */
class ServedLogTest {
    @TempDir
    Path repo;

    static RepoSpec spec(double rate) {
        return Definitions.toSpec("logged", r -> {
            Entity driver = r.entity("driver").key("driver_id", INT64);
            FeatureView stats = r.featureView("driver_stats", driver, r.parquet("hourly", "data/hourly.parquet"))
                    .ttl(Duration.ofDays(1)).feature("conv_rate", FLOAT64).feature("city", STRING);
            r.featureService("ranking", stats.select("conv_rate", "city")).logging(rate);
            r.featureService("unlogged", stats.select("conv_rate"));
        });
    }

    @Test
    void theLogReadsBackAsServedAndAsASource() throws IOException {
        RepoSpec spec = spec(1.0);
        Instant written = Instant.now().minusSeconds(60);
        List<LookupResult> served = new ArrayList<>();
        try (GranaryParts parts = GranaryParts.of(GranaryConfig.defaults(repo))) {
            Registry registry = parts.registryDatabase().registry();
            registry.apply(spec, new ApplyOptions("test", null, false, null));
            FeatureViewSpec view = spec.featureView("driver_stats").orElseThrow();
            List<OnlineRow> rows = new ArrayList<>();
            for (long d = 1; d <= 20; d++) {
                rows.add(new OnlineRow(EntityKey.of(d), written, java.util.Arrays.asList(
                        d % 5 == 0 ? null : d / 100.0, "city-" + d % 3)));
            }
            parts.onlineStore().write("logged", view, List.of("conv_rate", "city"), rows);
            OnlineFeatureService lookups = parts.onlineFeatures(registry, "logged");
            for (int i = 0; i < 6; i++) {
                List<Object> keys = List.of(1L + i, 15L + i, 100L + i); // 100+ are not stored: NOT_FOUND
                served.add(lookups.lookup(OnlineQuery.service("ranking", Map.of("driver_id", keys))));
            }
            lookups.lookup(OnlineQuery.service("unlogged", Map.of("driver_id", List.of(1L))));
            lookups.lookup(OnlineQuery.features(List.of("driver_stats:conv_rate"), Map.of("driver_id", List.of(1L))));
            lookups.close();
        } // closing the parts writes the log out

        Path folder = repo.resolve("_feature_logs");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(f -> f.toString().endsWith(".parquet")).toList();
        }
        assertThat(files).isNotEmpty().allSatisfy(f -> assertThat(folder.relativize(f).toString())
                .matches("service=ranking/hour=\\d{4}-\\d{2}-\\d{2}T\\d{2}/part-.*\\.parquet"));

        Map<String, Object[]> logged = new HashMap<>();
        ParquetTables.Table table = null;
        for (Path file : files) {
            table = ParquetTables.read(file);
            for (Object[] row : table.rows()) {
                logged.put(row[table.columnIndex("request_time")] + "/" + row[table.columnIndex("driver_id")], row);
            }
        }
        assertThat(logged).hasSize(18);
        ParquetTables.Table t = table;
        for (LookupResult result : served) {
            for (int r = 0; r < result.size(); r++) {
                Object driver = result.entityColumns().get(0).get(r);
                Object[] row = logged.values().stream()
                        .filter(x -> x[t.columnIndex("driver_id")].equals(driver)).findFirst().orElseThrow();
                assertThat(row[t.columnIndex("feature_service")]).isEqualTo("ranking");
                assertThat(row[t.columnIndex("spec_version")]).isEqualTo(1);
                assertThat(row[t.columnIndex("conv_rate")]).isEqualTo(result.rows().get(r).value(0));
                assertThat(row[t.columnIndex("city")]).isEqualTo(result.rows().get(r).value(1));
                assertThat(row[t.columnIndex("conv_rate__status")])
                        .isEqualTo(result.rows().get(r).status(0).name());
                assertThat(row[t.columnIndex("city__status")]).isEqualTo(result.rows().get(r).status(1).name());
            }
        }
        assertThat(logged.values()).extracting(x -> x[t.columnIndex("city__status")])
                .contains("PRESENT", "NOT_FOUND");
        assertThat(logged.values()).extracting(x -> x[t.columnIndex("conv_rate__status")]).contains("NULL_VALUE");

        // the log is a source: a view over it has statistics like any other
        RepoSpec overLog = Definitions.toSpec("logged", r -> {
            Entity driver = r.entity("driver").key("driver_id", INT64);
            r.featureView("served", driver, r.parquet("log", "_feature_logs/service=ranking").timestamp("request_time"))
                    .feature("conv_rate", FLOAT64).feature("city", STRING);
        });
        List<FeatureStats> stats = FeatureStatistics.compute(overLog, overLog.featureView("served").orElseThrow(),
                null, null, repo, dev.granary.offline.ProgressListener.NONE);
        FeatureStats conv = stats.stream().filter(s -> s.feature().equals("conv_rate")).findFirst().orElseThrow();
        long expectedNulls = logged.values().stream().filter(x -> x[t.columnIndex("conv_rate")] == null).count();
        assertThat(conv.count()).isEqualTo(18);
        assertThat(conv.nullCount()).isEqualTo(expectedNulls);
    }
}
