package dev.granary.dsl;

import static dev.granary.dsl.Monitors.nullRateIncrease;
import static dev.granary.dsl.Monitors.psi;
import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.HealthMeasure;
import dev.granary.spec.LoggingSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SpecError;
import dev.granary.spec.SpecInvalidException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.granary.spec.json.SpecJson;
import dev.granary.spec.validation.SpecValidator;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code .logging(rate)} and {@code .monitor(...)} on a feature service: DSL, canonical JSON and validation. */
class FeatureServiceHealthTest {

    private static RepoSpec spec(Consumer<FeatureService> service) {
        return Definitions.toSpec("rides", repo -> {
            Entity driver = repo.entity("driver").key("driver_id", INT64);
            Source hourly = repo.parquet("driver_hourly", "data/driver_hourly.parquet");
            FeatureView stats = repo.featureView("driver_stats", driver, hourly).ttl(Duration.ofDays(1))
                    .feature("conv_rate", FLOAT64).feature("trips", INT64);
            service.accept(repo.featureService("ranking", stats.select("conv_rate", "trips")));
        });
    }

    @Test
    void loggingAndMonitorsReachTheSpecAndSurviveJson() {
        RepoSpec spec = spec(s -> s.logging(0.01)
                .monitor(psi(0.3))
                .monitor("driver_stats", nullRateIncrease(0.1))
                .monitor("driver_stats:trips", psi(0.5)));
        FeatureServiceSpec service = spec.featureServices().get(0);

        assertThat(service.logging()).isEqualTo(new LoggingSpec(0.01, ""));
        assertThat(service.threshold(HealthMeasure.PSI, "driver_stats", "conv_rate")).isEqualTo(0.3);
        assertThat(service.threshold(HealthMeasure.PSI, "driver_stats", "trips")).isEqualTo(0.5);
        assertThat(service.threshold(HealthMeasure.NULL_RATE_INCREASE, "driver_stats", "trips")).isEqualTo(0.1);
        assertThat(service.threshold(HealthMeasure.KS_DISTANCE, "driver_stats", "trips"))
                .isEqualTo(HealthMeasure.KS_DISTANCE.defaultAlert());

        String json = SpecJson.write(spec);
        assertThat(json).contains("\"sampleRate\": 0.01").contains("\"nullRateIncrease\": 0.1");
        assertThat(SpecJson.read(json)).isEqualTo(spec);
    }

    @Test
    void aServiceWithoutLoggingKeepsItsJson() {
        String json = SpecJson.write(spec(s -> { }));
        assertThat(json).doesNotContain("logging").doesNotContain("monitors");
        assertThat(SpecJson.read(json).featureServices().get(0).loggingSpec()).isEmpty();
    }

    @Test
    void aSampleRateOutsideZeroToOneIsRefusedNamingTheField() {
        for (double rate : new double[] {0, -0.1, 1.5, Double.NaN}) {
            assertThat(SpecValidator.validate(spec(s -> s.logging(rate)))).extracting(SpecError::path)
                    .containsExactly("featureServices[ranking].logging.sampleRate");
        }
        assertThat(SpecValidator.validate(spec(s -> s.logging(1)))).isEmpty();
    }

    @Test
    void jsonErrorsNameTheFieldAndTheFix() {
        ObjectNode tree = SpecJson.toTree(spec(s -> { }));
        ObjectNode service = (ObjectNode) tree.get("featureServices").get(0);
        service.putObject("logging").put("sampleRate", "often");
        ObjectNode monitor = service.putArray("monitors").addObject().put("target", "driver_stat");
        monitor.putObject("thresholds").put("psy", 0.2).put("psi", -1);
        assertThatThrownBy(() -> SpecJson.fromTree(tree))
                .isInstanceOf(SpecInvalidException.class)
                .satisfies(e -> assertThat(((SpecInvalidException) e).errors()).extracting(SpecError::path)
                        .contains("featureServices[ranking].logging.sampleRate",
                                "featureServices[ranking].monitors[0].thresholds.psy",
                                "featureServices[ranking].monitors[0].thresholds.psi",
                                "featureServices[ranking].monitors[0].target"));
    }
}
