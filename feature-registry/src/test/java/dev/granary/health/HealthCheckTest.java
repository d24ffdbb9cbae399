package dev.granary.health;

import static dev.granary.dsl.Monitors.jsDivergence;
import static dev.granary.dsl.Monitors.ksDistance;
import static dev.granary.dsl.Monitors.psi;
import static dev.granary.dsl.Monitors.rangeViolations;
import static dev.granary.health.HealthFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.client.lookup.LookupResult;
import dev.granary.error.NotFoundException;
import dev.granary.health.HealthFixture.Shifts;
import dev.granary.health.log.LoggedService;
import dev.granary.health.log.ParquetLogSink;
import dev.granary.health.log.ServedLookup;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.online.FeatureStatus;
import dev.granary.online.FeatureValue;
import dev.granary.online.ReadRow;
import dev.granary.spec.HealthMeasure;
import dev.granary.spec.LoggingSpec;
import dev.granary.spec.ValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health checks on synthetic data with known shifts, on an H2 registry and Parquet files. */
class HealthCheckTest {
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path repo;

    private static HealthRequest drift(String service) {
        return new HealthRequest(null, service, null, DAY, null);
    }

    private static List<HealthMeasure> causes(FeatureHealth feature) {
        return feature.causes().stream().map(MeasureValue::measure).toList();
    }

    @Test
    void eachKnownShiftIsDetectedOnTheFeatureThatShifted() {
        try (HealthFixture f = new HealthFixture(repo, (r, m) -> { })) {
            f.writeSource(7, 7000, 3000, Shifts.ALL);
            f.watermark("recent_stats", NOW.minus(Duration.ofHours(5))); // 5 TTLs behind
            f.watermark("metrics", NOW.minus(Duration.ofHours(1)));

            HealthReport report = f.check.check(drift("model"));

            assertThat(report.mode()).isEqualTo("drift");
            assertThat(report.status()).isEqualTo(HealthStatus.ALERT);
            assertThat(report.feature("metrics:mean_shift").status()).isEqualTo(HealthStatus.ALERT);
            assertThat(causes(report.feature("metrics:mean_shift")))
                    .contains(HealthMeasure.PSI, HealthMeasure.KS_DISTANCE);
            assertThat(report.feature("metrics:wider").status()).isEqualTo(HealthStatus.ALERT);
            assertThat(causes(report.feature("metrics:wider"))).contains(HealthMeasure.PSI);
            assertThat(report.feature("metrics:city").status()).isEqualTo(HealthStatus.ALERT);
            assertThat(causes(report.feature("metrics:city"))).contains(HealthMeasure.NEW_CATEGORIES);
            assertThat(report.feature("metrics:city").newCategories()).containsExactly("atlantis");
            assertThat(report.feature("metrics:nullable").status()).isEqualTo(HealthStatus.ALERT);
            assertThat(causes(report.feature("metrics:nullable"))).containsExactly(HealthMeasure.NULL_RATE_INCREASE);
            assertThat(report.feature("recent_stats:recent_stable").status()).isEqualTo(HealthStatus.ALERT);
            assertThat(causes(report.feature("recent_stats:recent_stable"))).containsExactly(HealthMeasure.STALENESS);
            assertThat(report.feature("recent_stats:recent_stable").value(HealthMeasure.STALENESS))
                    .isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
            // the one feature that did not shift, in a view materialized an hour ago (TTL 1 day)
            assertThat(report.feature("metrics:stable").status()).isEqualTo(HealthStatus.OK);
            assertThat(report.feature("metrics:stable").value(HealthMeasure.STALENESS))
                    .isCloseTo(1 / 24.0, org.assertj.core.data.Offset.offset(1e-9));
            // worst first
            assertThat(report.features().get(report.features().size() - 1).status()).isEqualTo(HealthStatus.OK);
        }
    }

    @Test
    void unshiftedDataStaysOkOverSeveralSeeds() {
        try (HealthFixture f = new HealthFixture(repo, (r, m) -> { })) {
            f.watermark("recent_stats", NOW.minus(Duration.ofMinutes(10)));
            for (long seed = 1; seed <= 5; seed++) {
                f.writeSource(seed, 7000, 3000, Shifts.NONE);
                HealthReport report = f.check.check(drift("model"));
                for (FeatureHealth feature : report.features()) {
                    assertThat(feature.status()).as("seed %s, %s: %s", seed, feature.name(), feature.measures())
                            .isEqualTo(HealthStatus.OK);
                }
            }
        }
    }

    @Test
    void thresholdsFromTheDslOverrideTheDefaults() {
        try (HealthFixture f = new HealthFixture(repo, (r, metrics) -> r.featureService("tolerant",
                        metrics.select("mean_shift", "wider"))
                .monitor("metrics:mean_shift", psi(100), ksDistance(100), jsDivergence(100), rangeViolations(100)))) {
            f.writeSource(7, 7000, 3000, Shifts.ALL);
            HealthReport report = f.check.check(drift("tolerant"));
            assertThat(report.feature("metrics:mean_shift").status()).isEqualTo(HealthStatus.OK);
            assertThat(report.feature("metrics:mean_shift").measures())
                    .filteredOn(m -> m.measure() == HealthMeasure.PSI)
                    .singleElement().satisfies(m -> assertThat(m.threshold()).isEqualTo(100));
            assertThat(report.feature("metrics:wider").status()).isEqualTo(HealthStatus.ALERT);
        }
    }

    @Test
    void skewComparesTheTrainingSetWithTheServedLog() {
        try (HealthFixture f = new HealthFixture(repo, HealthCheckTest::loggedService)) {
            f.writeSource(3, 100, 100, Shifts.NONE);
            SplittableRandom random = new SplittableRandom(11);
            // the training set: mean_shift ~ N(0, 1), cities as in the source
            List<Object[]> training = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                training.add(new Object[] {(long) i, NOW.minus(Duration.ofDays(3)), HealthFixture.gaussian(random),
                        HealthFixture.CITIES.get(random.nextInt(5))});
            }
            Path output = repo.resolve("out/train.parquet");
            ParquetTables.write(output, List.of(new Column("driver_id", ValueType.INT64),
                    new Column("event_timestamp", ValueType.TIMESTAMP), new Column("mean_shift", ValueType.FLOAT64),
                    new Column("city", ValueType.STRING)), training);
            f.trainingSet("older", List.of("metrics:mean_shift", "metrics:city"), output, NOW.minus(Duration.ofDays(5)));
            f.trainingSet("ts-1", List.of("metrics:city", "metrics:mean_shift"), output, NOW.minus(Duration.ofDays(2)));

            // served: mean_shift shifted by +1, and one value in four NOT_FOUND; cities as in training
            LoggedService service = new LoggedService(HealthFixture.PROJECT, "served", 1, new LoggingSpec(1.0),
                    List.of(new Column("driver_id", ValueType.INT64)), List.of("mean_shift", "city"),
                    List.of(ValueType.FLOAT64, ValueType.STRING));
            List<ServedLookup> lookups = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                boolean found = i % 4 != 0;
                ReadRow row = ReadRow.of(List.of(
                        found ? new FeatureValue(HealthFixture.gaussian(random) + 1, NOW, FeatureStatus.PRESENT)
                                : FeatureValue.NOT_FOUND,
                        found ? new FeatureValue(HealthFixture.CITIES.get(random.nextInt(5)), NOW,
                                FeatureStatus.PRESENT) : FeatureValue.NOT_FOUND));
                Instant at = NOW.minus(Duration.ofMinutes(1 + i % 600));
                lookups.add(new ServedLookup(service, at, new LookupResult(List.of("driver_id"),
                        List.of(List.of((long) i)), List.of("mean_shift", "city"), List.of(row))));
            }
            new ParquetLogSink(repo).write(service, lookups);

            HealthReport report = f.check.check(new HealthRequest(null, "served", null, DAY, null));

            assertThat(report.mode()).isEqualTo("skew");
            assertThat(report.reference()).isEqualTo("training set ts-1");
            FeatureHealth shifted = report.feature("metrics:mean_shift");
            assertThat(shifted.status()).isEqualTo(HealthStatus.ALERT);
            assertThat(causes(shifted)).contains(HealthMeasure.PSI, HealthMeasure.NOT_FOUND_RATE);
            assertThat(shifted.value(HealthMeasure.NOT_FOUND_RATE))
                    .isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
            FeatureHealth city = report.feature("metrics:city");
            assertThat(causes(city)).contains(HealthMeasure.NOT_FOUND_RATE)
                    .doesNotContain(HealthMeasure.JS_DIVERGENCE, HealthMeasure.NEW_CATEGORIES);

            // a named reference wins over the newest
            assertThat(f.check.check(new HealthRequest(null, "served", "older", DAY, null)).reference())
                    .isEqualTo("training set older");
            assertThatThrownBy(() -> f.check.check(new HealthRequest(null, "served", "nope", DAY, null)))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
            assertThatThrownBy(() -> f.check.check(new HealthRequest(null, "absent", null, DAY, null)))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("absent");
        }
    }

    private static void loggedService(dev.granary.dsl.FeatureRepo r, dev.granary.dsl.FeatureView metrics) {
        r.featureService("served", metrics.select("mean_shift", "city")).logging(0.5);
    }
}
