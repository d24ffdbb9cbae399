package dev.granary.spec;

import static dev.granary.dsl.Aggregations.sum;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.dsl.Definitions;
import dev.granary.dsl.Entity;
import dev.granary.dsl.Source;
import dev.granary.spec.diff.ChangeType;
import dev.granary.spec.diff.FieldChange;
import dev.granary.spec.diff.SpecChange;
import dev.granary.spec.diff.SpecDiff;
import dev.granary.spec.json.SpecJson;
import dev.granary.spec.validation.SpecValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Restricted features and views: the DSL, the JSON, the pii tag, validation and the plan. */
class RestrictedSpecTest {
    private static RepoSpec people() {
        return Definitions.toSpec("people", repo -> {
            Entity person = repo.entity("person").key("person_id", INT64);
            Source profile = repo.parquet("profile", "data/profile.parquet");
            repo.featureView("person_profile", person, profile)
                    .feature("ssn", STRING).feature("age", INT64)
                    .aggregate("visits_7d", sum("visits"), Duration.ofDays(7))
                    .restricted("ssn", "visits_7d");
            repo.featureView("person_health", person, profile).feature("diagnosis", STRING).restricted();
            repo.featureView("person_tagged", person, profile).feature("email", STRING).tag("pii", "true");
            repo.featureView("person_public", person, profile).feature("city", STRING).tag("pii", "false");
        });
    }

    @Test
    void theDslMarksFeaturesAndViewsAndThePiiTagRestrictsAView() {
        RepoSpec spec = people();

        assertThat(spec.restricted("person_profile", "ssn")).isTrue();
        assertThat(spec.restricted("person_profile", "visits_7d")).isTrue();
        assertThat(spec.restricted("person_profile", "age")).isFalse();
        assertThat(spec.restricted("person_health", "diagnosis")).isTrue();
        assertThat(spec.restricted("person_tagged", "email")).isTrue();
        assertThat(spec.restricted("person_public", "city")).as("pii=false restricts nothing").isFalse();
        assertThat(spec.restricted("person_profile", "nope")).isFalse();
        assertThat(spec.featureView("person_profile").orElseThrow().holdsRestricted()).isTrue();
        assertThat(spec.featureView("person_public").orElseThrow().holdsRestricted()).isFalse();
        assertThat(SpecValidator.validate(spec)).isEmpty();
    }

    @Test
    void theFlagRoundTripsThroughJsonAndIsWrittenOnlyWhenSet() {
        RepoSpec spec = people();
        String json = SpecJson.write(spec);

        assertThat(SpecJson.read(json)).isEqualTo(spec);
        assertThat(json).contains("\"restricted\": true");
        assertThat(SpecJson.write(Samples.rides())).doesNotContain("restricted");
        assertThat(SpecJson.read(SpecJson.write(Samples.rides()))).isEqualTo(Samples.rides());
    }

    @Test
    void jsonReadsTheFlagOnViewsFeaturesAndAggregations() {
        RepoSpec spec = SpecJson.read("""
                {"project": "p", "entities": [{"name": "e", "joinKeys": [{"name": "id", "type": "INT64"}]}],
                 "sources": [{"name": "s", "path": "data/s.parquet"}],
                 "featureViews": [
                   {"name": "v", "entities": ["e"], "source": "s", "restricted": true,
                    "features": [{"name": "a", "type": "STRING"}]},
                   {"name": "w", "entities": ["e"], "source": "s",
                    "features": [{"name": "b", "type": "STRING", "restricted": true}, {"name": "c", "type": "INT64"}],
                    "aggregations": [{"name": "d", "function": "SUM", "column": "c", "windowSeconds": 60,
                                      "restricted": true}]}]}
                """);

        assertThat(spec.restricted("v", "a")).isTrue();
        assertThat(spec.restricted("w", "b")).isTrue();
        assertThat(spec.restricted("w", "c")).isFalse();
        assertThat(spec.restricted("w", "d")).isTrue();
    }

    @Test
    void aFlagThatIsNotABooleanIsRefusedNamingItsPath() {
        assertThatThrownBy(() -> SpecJson.read("""
                {"project": "p", "entities": [{"name": "e", "joinKeys": [{"name": "id", "type": "INT64"}]}],
                 "sources": [{"name": "s", "path": "data/s.parquet"}],
                 "featureViews": [{"name": "v", "entities": ["e"], "source": "s",
                    "features": [{"name": "a", "type": "STRING", "restricted": "yes"}]}]}
                """)).isInstanceOfSatisfying(SpecInvalidException.class, e -> assertThat(e.errors())
                .extracting(SpecError::path).contains("featureViews[v].features[a].restricted"));
    }

    @Test
    void restrictingAFeatureNotDeclaredBeforeIsAnErrorNamingIt() {
        assertThatThrownBy(() -> Definitions.toSpec("people", repo -> {
            Entity person = repo.entity("person").key("person_id", INT64);
            Source profile = repo.parquet("profile", "data/profile.parquet");
            repo.featureView("person_profile", person, profile).restricted("ssn").feature("ssn", STRING);
        })).isInstanceOfSatisfying(SpecInvalidException.class, e -> assertThat(e.errors())
                .anySatisfy(error -> {
                    assertThat(error.path()).isEqualTo("featureViews[person_profile].restricted");
                    assertThat(error.message()).contains("'ssn'");
                }));
    }

    @Test
    void planShowsTheFlagChanging() {
        RepoSpec before = people();
        FeatureViewSpec health = before.featureView("person_health").orElseThrow();
        FeatureViewSpec opened = new FeatureViewSpec(health.name(), health.entities(), health.source(),
                health.ttlSeconds(), health.online(), health.features(), health.aggregations(), health.owner(),
                Map.of(), health.description(), false);
        RepoSpec after = new RepoSpec(before.project(), before.entities(), before.sources(),
                before.featureViews().stream().map(v -> v.name().equals("person_health") ? opened : v).toList(),
                before.featureServices(), before.pushSources());

        List<SpecChange> changes = SpecDiff.between(before, after).changes();
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("person_health");
            assertThat(c.change()).isEqualTo(ChangeType.CHANGED);
            assertThat(c.details()).extracting(FieldChange::field).containsExactly("restricted");
            assertThat(c.breaking()).isFalse();
        });
        assertThat(after.restricted("person_health", "diagnosis")).isFalse();
    }
}
