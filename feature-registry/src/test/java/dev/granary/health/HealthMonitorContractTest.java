package dev.granary.health;

import static dev.granary.health.HealthFixture.NOW;
import static dev.granary.health.HealthFixture.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.granary.config.GranaryConfig;
import dev.granary.config.MonitoringSettings;
import dev.granary.error.StorageException;
import dev.granary.health.HealthFixture.Shifts;
import dev.granary.health.monitor.HealthHistory;
import dev.granary.health.monitor.HealthMonitor;
import dev.granary.health.monitor.HealthMonitor.Round;
import dev.granary.health.monitor.StoredCheck;
import dev.granary.metrics.GranaryMetrics;
import dev.granary.registry.ApplyOptions;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.HealthMeasure;
import dev.granary.spec.RepoSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled health checks against a real registry database (H2 and PostgreSQL, one subclass each): rounds check
 * every logging service and store its history, one failing service stops no other, history reads newest first and
 * by feature, old checks are pruned, and the gauges follow the latest check.
 */
abstract class HealthMonitorContractTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path repo;

    /** The configuration of a repository at {@code repo} whose registry is the database under test. */
    protected abstract GranaryConfig config(Path repo);

    /** A clock the test moves. */
    static final class SteppingClock extends Clock {
        private volatile Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private HealthFixture fixture() {
        return new HealthFixture(repo, config(repo), (r, metrics) -> {
            r.featureService("watched", metrics.select("stable", "mean_shift", "city")).logging(1.0);
            r.featureService("broken", metrics.select("stable")).logging(1.0);
        });
    }

    @Test
    void roundsStoreEveryLoggingServiceAndAFailingServiceStopsNoOther() {
        SteppingClock clock = new SteppingClock(NOW);
        try (HealthFixture f = fixture(); GranaryMetrics metrics = GranaryMetrics.create()) {
            f.writeSource(7, 7000, 3000, Shifts.ALL);
            // "broken" is checked for skew against a training set whose file is gone: its check fails every round
            f.trainingSet("gone", List.of("metrics:stable"), repo.resolve("out/gone.parquet"), NOW.minus(HOUR));
            DataSource db = f.parts.registryDatabase().dataSource();
            HealthHistory history = new HealthHistory(db);
            HealthMonitor monitor = new HealthMonitor(f.parts.registryDatabase().registry(),
                    new HealthCheck(f.parts.registryDatabase().registry(), new HealthRecords(db), repo, PROJECT, clock),
                    history, metrics, new MonitoringSettings(Optional.of(HOUR), Duration.ofDays(1),
                    Duration.ofDays(3)), clock);

            // "model" does not log: not checked
            assertThat(monitor.runOnce()).isEqualTo(new Round(1, 1, 0, 0));
            List<StoredCheck> first = history.checks(PROJECT, "watched", null, 10);
            assertThat(first).singleElement().satisfies(c -> {
                assertThat(c.checkedAt()).isEqualTo(NOW);
                assertThat(c.mode()).isEqualTo("drift");
                assertThat(c.status()).isEqualTo(HealthStatus.ALERT);
                assertThat(names(c)).containsExactly("metrics:city", "metrics:mean_shift", "metrics:stable");
                assertThat(c.features().get(2).path("status").asText()).isEqualTo("ok");
            });
            assertThat(history.checks(PROJECT, "broken", null, 10)).isEmpty();
            double storedPsi = measure(first.get(0).features().get(1), "psi");
            assertThat(storedPsi).isGreaterThan(0.2);

            String scrape = scrape(metrics);
            assertThat(gauge(scrape, "granary_feature_health_status", "watched", "metrics:mean_shift")).isEqualTo(2.0);
            assertThat(gauge(scrape, "granary_feature_health_status", "watched", "metrics:city")).isEqualTo(2.0);
            assertThat(gauge(scrape, "granary_feature_health_status", "watched", "metrics:stable")).isEqualTo(0.0);
            assertThat(gauge(scrape, "granary_feature_health_psi", "watched", "metrics:mean_shift"))
                    .isEqualTo(storedPsi);
            assertThat(gauge(scrape, "granary_feature_health_psi", "watched", "metrics:city"))
                    .as("a categorical feature has no PSI series").isNull();
            assertThat(gauge(scrape, "granary_feature_health_status", "broken", "metrics:stable")).isNull();
            assertThat(counter(scrape, "broken", "failed")).isEqualTo(1.0);
            assertThat(counter(scrape, "watched", "ok")).isEqualTo(1.0);

            // checked ten minutes ago, less than half an interval: left for the next round
            clock.advance(Duration.ofMinutes(10));
            assertThat(monitor.runOnce()).isEqualTo(new Round(0, 1, 1, 0));
            clock.advance(Duration.ofMinutes(50));
            assertThat(monitor.runOnce()).isEqualTo(new Round(1, 1, 0, 0));
            assertThat(history.checks(PROJECT, "watched", null, 10)).extracting(StoredCheck::checkedAt)
                    .containsExactly(NOW.plus(HOUR), NOW);
            assertThat(history.checks(PROJECT, "watched", null, 1)).extracting(StoredCheck::checkedAt)
                    .containsExactly(NOW.plus(HOUR));
            assertThat(history.checks(PROJECT, "watched", "metrics:mean_shift", 10)).hasSize(2)
                    .allSatisfy(c -> assertThat(names(c)).containsExactly("metrics:mean_shift"));
            assertThat(history.latest(PROJECT, "watched")).contains(NOW.plus(HOUR));
            assertThat(counter(scrape(metrics), "broken", "failed")).isEqualTo(3.0);

            // three days on, the first check is past the retention and goes; the window now holds no rows
            clock.advance(Duration.ofDays(3));
            Round later = monitor.runOnce();
            assertThat(later.pruned()).isEqualTo(3);
            assertThat(history.checks(PROJECT, "watched", null, 10)).extracting(StoredCheck::checkedAt)
                    .containsExactly(NOW.plus(Duration.ofDays(3)).plus(HOUR), NOW.plus(HOUR));
            assertThat(gauge(scrape(metrics), "granary_feature_health_psi", "watched", "metrics:mean_shift"))
                    .as("no values in the window: no PSI").isNull();

            // a service that stops logging is no longer checked and its series go
            RepoSpec quiet = withoutLogging(f.spec, "watched");
            f.parts.registryDatabase().registry().apply(quiet, new ApplyOptions("test", null, false, null));
            // (two hours on, the check of NOW + 1 h passes the retention too)
            clock.advance(Duration.ofHours(2));
            assertThat(monitor.runOnce()).isEqualTo(new Round(0, 1, 0, 3));
            assertThat(scrape(metrics)).doesNotContain("granary_feature_health_status{feature=\"metrics:stable\","
                    + "project=\"" + PROJECT + "\",service=\"watched\"");
            assertThat(gauge(scrape(metrics), "granary_feature_health_status", "watched", "metrics:mean_shift"))
                    .isNull();
            assertThat(history.checks(PROJECT, "watched", null, 10)).extracting(StoredCheck::checkedAt)
                    .containsExactly(NOW.plus(Duration.ofDays(3)).plus(HOUR));
        }
    }

    @Test
    void aStoredCheckReadsBackAsTheReportWroteItAndAFailedWriteKeepsWhatWasThere() {
        try (HealthFixture f = fixture()) {
            HealthHistory history = new HealthHistory(f.parts.registryDatabase().dataSource());
            MeasureValue psi = MeasureValue.judged(HealthMeasure.PSI, 0.41, 0.2);
            MeasureValue nulls = MeasureValue.judged(HealthMeasure.NULL_RATE_INCREASE, 0.01, 0.05);
            FeatureHealth shifted = new FeatureHealth("metrics", "mean_shift", HealthStatus.ALERT, List.of(psi, nulls),
                    List.of(psi), List.of(), List.of(), null, null, "");
            FeatureHealth fine = new FeatureHealth("metrics", "stable", HealthStatus.OK, List.of(nulls), List.of(),
                    List.of(), List.of(), null, null, "too few values");
            // nanoseconds: both databases keep microseconds, and so does the history
            Instant at = Instant.parse("2026-11-23T12:00:00.123456789Z");
            HealthReport report = new HealthReport(PROJECT, "watched", "drift", "source a/b", "source b/c", at, null,
                    List.of(fine, shifted));

            history.record(report);
            assertThatThrownBy(() -> history.record(report)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("watched");

            List<StoredCheck> stored = history.checks(PROJECT, "watched", null, 5);
            assertThat(stored).singleElement().satisfies(c -> {
                assertThat(c.checkedAt()).isEqualTo(Instant.parse("2026-11-23T12:00:00.123456Z"));
                assertThat(c.reference()).isEqualTo("source a/b");
                assertThat(c.current()).isEqualTo("source b/c");
                assertThat(c.status()).isEqualTo(HealthStatus.ALERT);
                assertThat(c.features()).containsExactly(JSON.valueToTree(shifted), JSON.valueToTree(fine));
            });
            assertThat(history.checks(PROJECT, "other", null, 5)).isEmpty();
            assertThat(history.prune(at)).isZero();
            assertThat(history.prune(at.plusSeconds(1))).isEqualTo(2);
            assertThat(history.latest(PROJECT, "watched")).isEmpty();
        }
    }

    private static RepoSpec withoutLogging(RepoSpec spec, String service) {
        List<FeatureServiceSpec> services = spec.featureServices().stream().map(s -> s.name().equals(service)
                ? new FeatureServiceSpec(s.name(), s.features(), s.owner(), s.tags(), s.description(), null,
                s.monitors()) : s).toList();
        return new RepoSpec(spec.project(), spec.entities(), spec.sources(), spec.featureViews(), services,
                spec.pushSources());
    }

    private static List<String> names(StoredCheck check) {
        return check.features().stream().map(j -> j.path("name").asText()).toList();
    }

    private static double measure(JsonNode feature, String name) {
        for (JsonNode m : feature.path("measures")) {
            if (m.path("measure").asText().equals(name)) {
                return m.path("value").asDouble();
            }
        }
        throw new AssertionError("no measure " + name + " in " + feature);
    }

    private static String scrape(GranaryMetrics metrics) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            metrics.scrape(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The value of series {@code name} of the project's {@code service} and {@code feature}; null when absent. */
    private static Double gauge(String scrape, String name, String service, String feature) {
        String series = name + "{feature=\"" + feature + "\",project=\"" + PROJECT + "\",service=\"" + service + "\"}";
        return value(scrape, series);
    }

    private static Double counter(String scrape, String service, String result) {
        return value(scrape, "granary_health_checks_total{project=\"" + PROJECT + "\",result=\"" + result
                + "\",service=\"" + service + "\"}");
    }

    private static Double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return null;
    }
}
