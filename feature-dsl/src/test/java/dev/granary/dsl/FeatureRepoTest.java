package dev.granary.dsl;

import static dev.granary.dsl.Aggregations.count;
import static dev.granary.dsl.Aggregations.max;
import static dev.granary.dsl.Aggregations.sum;
import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.SpecError;
import dev.granary.spec.SpecInvalidException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureRepoTest {

    /** The example of contract.md, verbatim. */
    public static class RidesFeatures implements FeatureDefinitions {
        @Override
        public void define(FeatureRepo repo) {
            Entity driver = repo.entity("driver").key("driver_id", INT64).description("A ride-hailing driver");
            Source hourly = repo.parquet("driver_hourly", "data/driver_hourly.parquet")
                    .timestamp("event_timestamp").created("created");

            FeatureView stats = repo.featureView("driver_stats", driver, hourly)
                    .ttl(Duration.ofDays(1))
                    .feature("conv_rate", FLOAT64, "Fraction of ride offers the driver converted")
                    .feature("trips", INT64)
                    .owner("rides-team").tag("team", "rides");

            FeatureView activity = repo.featureView("driver_activity", driver, hourly)
                    .aggregate("trips_7d", sum("trips"), Duration.ofDays(7))
                    .aggregate("conv_count_1d", count("conv_rate"), Duration.ofDays(1));

            repo.featureService("driver_ranking", stats.select("conv_rate", "trips"), activity.select("trips_7d"));
        }
    }

    @Test
    void contractExampleBuildsTheCanonicalSpec() {
        RepoSpec spec = Definitions.toSpec("rides", new RidesFeatures());

        RepoSpec expected = new RepoSpec("rides",
                List.of(new EntitySpec("driver", List.of(new JoinKey("driver_id", INT64)), "A ride-hailing driver")),
                List.of(new SourceSpec("driver_hourly", "parquet", "data/driver_hourly.parquet", "event_timestamp",
                        "created", "")),
                List.of(new FeatureViewSpec("driver_stats", List.of("driver"), "driver_hourly", 86400, true,
                                List.of(new FeatureSpec("conv_rate", FLOAT64, null,
                                                "Fraction of ride offers the driver converted"),
                                        new FeatureSpec("trips", INT64)),
                                List.of(), "rides-team", Map.of("team", "rides"), ""),
                        new FeatureViewSpec("driver_activity", List.of("driver"), "driver_hourly", 0, true, List.of(),
                                List.of(new AggregationSpec("trips_7d", AggregationFunction.SUM, "trips", 604800, ""),
                                        new AggregationSpec("conv_count_1d", AggregationFunction.COUNT, "conv_rate",
                                                86400, "")),
                                "", Map.of(), "")),
                List.of(new FeatureServiceSpec("driver_ranking",
                        List.of("driver_stats:conv_rate", "driver_stats:trips", "driver_activity:trips_7d"),
                        "", Map.of(), "")));
        assertThat(spec).isEqualTo(expected);
    }

    @Test
    void multiEntityViewsRenamedColumnsAndOfflineViewsAreRecorded() {
        FeatureRepo repo = new FeatureRepo("default");
        repo.project("trips");
        Entity driver = repo.entity("driver").key("driver_id", INT64);
        Entity rider = repo.entity("rider").key("rider_id", INT64).key("region", STRING);
        Source pairs = repo.parquet("pairs", "data/pairs").timestamp("ts").description("Driver-rider pairs");
        repo.featureView("pair_stats", pairs, driver, rider)
                .online(false)
                .featureFromColumn("rating", FLOAT64, "avg_rating", "Mean rating")
                .aggregate("max_rating_30d", max("avg_rating"), Duration.ofDays(30), "Best rating")
                .description("Pairs");

        RepoSpec spec = repo.build();

        assertThat(spec.project()).isEqualTo("trips");
        assertThat(spec.entity("rider").orElseThrow().joinKeyNames()).containsExactly("rider_id", "region");
        assertThat(spec.source("pairs").orElseThrow().createdTimestamp()).isEmpty();
        assertThat(spec.source("pairs").orElseThrow().timestampField()).isEqualTo("ts");
        FeatureViewSpec view = spec.featureView("pair_stats").orElseThrow();
        assertThat(view.entities()).containsExactly("driver", "rider");
        assertThat(view.online()).isFalse();
        assertThat(view.ttlSeconds()).isZero();
        assertThat(view.feature("rating").orElseThrow().sourceColumn()).isEqualTo("avg_rating");
        assertThat(view.aggregation("max_rating_30d").orElseThrow().windowSeconds()).isEqualTo(30 * 86400);
        assertThat(view.description()).isEqualTo("Pairs");
    }

    @Test
    void badNamesAndDuplicatesAreRecordedNotRefused() {
        FeatureRepo repo = new FeatureRepo("Bad Project");
        Entity e1 = repo.entity("Driver").key("driver id", INT64);
        repo.entity("Driver");
        Source s = repo.parquet("src", "");
        repo.featureView("v", e1, s).ttl(Duration.ofDays(-1)).feature("x", INT64).feature("x", STRING);
        repo.featureService("svc", "no_colon", "v:missing");

        RepoSpec spec = repo.build();

        assertThat(spec.project()).isEqualTo("Bad Project");
        assertThat(spec.entities()).extracting(EntitySpec::name).containsExactly("Driver", "Driver");
        assertThat(spec.featureViews().get(0).ttlSeconds()).isEqualTo(-86400);
        assertThat(spec.featureViews().get(0).features()).hasSize(2);
        assertThat(spec.featureServices().get(0).features()).containsExactly("no_colon", "v:missing");
    }

    @Test
    void selectAllTakesFeaturesThenAggregationsInOrder() {
        FeatureRepo repo = new FeatureRepo("p");
        Entity e = repo.entity("e").key("id", INT64);
        Source s = repo.parquet("s", "s.parquet");
        FeatureView v = repo.featureView("v", e, s).aggregate("a", count("x"), Duration.ofHours(1)).feature("f", INT64);
        repo.featureService("all", v.selectAll()).tag("b", "2").tag("a", "1").owner("me");

        FeatureServiceSpec service = repo.build().featureServices().get(0);

        assertThat(service.features()).containsExactly("v:f", "v:a");
        assertThat(service.tags()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(service.owner()).isEqualTo("me");
    }

    @Test
    void fractionalSecondsAreErrorsBecauseTheyWouldTruncate() {
        FeatureRepo repo = new FeatureRepo("p");
        repo.featureView("v", repo.entity("e").key("id", INT64), repo.parquet("s", "s.parquet"))
                .ttl(Duration.ofMillis(500))
                .aggregate("a", sum("x"), Duration.ofMillis(1500));

        assertThat(errorsOf(repo)).extracting(SpecError::path).containsExactly(
                "featureViews[v].ttlSeconds", "featureViews[v].aggregations[a].windowSeconds");
        assertThat(errorsOf(repo).get(0).message()).contains("the TTL of feature view 'v' is PT0.5S",
                "not a whole number of seconds");
    }

    @Test
    void builderMistakesAreReportedTogetherWithTheValidatorsErrors() {
        FeatureRepo repo = new FeatureRepo("p");
        Entity foreign = new FeatureRepo("p").entity("f").key("f_id", INT64);
        Entity driver = repo.entity("driver").key("driver_id", INT64);
        Source source = repo.parquet("s", "s.parquet");
        repo.entity(null).key("id", INT64);
        FeatureView v = repo.featureView("v", source, driver, foreign, null)
                .feature("f", null)
                .aggregate("f_sum", sum("f"), Duration.ofDays(1))
                .owner(null);
        repo.featureService("svc", v.select("f", "missing"));

        // one error per mistake: the foreign entity is not also "unknown", nor SUM of the untyped f a misfit
        assertThat(errorsOf(repo)).extracting(SpecError::path).containsExactly(
                "featureViews[v].entities[f]",
                "featureViews[v].entities[2]",
                "featureViews[v].features[f].type",
                "featureViews[v].owner",
                "entities[1].name",
                "featureServices[svc].features[v:missing]");
        assertThat(errorsOf(repo)).filteredOn(e -> e.path().endsWith(".type")).singleElement()
                .satisfies(e -> {
                    assertThat(e.message()).isEqualTo("feature 'v:f' has no type");
                    assertThat(e.fix()).contains("FLOAT64");
                });
    }

    @Test
    void definitionsShareOneRepoAndMustAgreeOnTheProject() {
        FeatureDefinitions first = repo -> repo.project("rides").entity("driver").key("driver_id", INT64);
        FeatureDefinitions second = repo -> repo.entity("customer").key("customer_id", INT64);
        FeatureDefinitions clash = repo -> repo.project("other");

        RepoSpec spec = Definitions.toSpec("default", first, second);

        assertThat(spec.project()).isEqualTo("rides");
        assertThat(spec.entities()).extracting(EntitySpec::name).containsExactly("driver", "customer");
        assertThat(Definitions.toSpec("default", second).project()).isEqualTo("default");
        assertThatThrownBy(() -> Definitions.toSpec("default", first, clash))
                .isInstanceOfSatisfying(SpecInvalidException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(error -> {
                            assertThat(error.path()).isEqualTo("project");
                            assertThat(error.message()).contains("'rides' and 'other'");
                        }));
    }

    private static List<SpecError> errorsOf(FeatureRepo repo) {
        try {
            repo.build();
        } catch (SpecInvalidException e) {
            return e.errors();
        }
        throw new AssertionError("expected the definitions to be refused");
    }
}
