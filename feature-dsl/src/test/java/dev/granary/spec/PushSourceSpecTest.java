package dev.granary.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.spec.diff.ObjectKind;
import dev.granary.spec.diff.SpecDiff;
import dev.granary.spec.json.SpecJson;
import dev.granary.spec.validation.SpecValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Push sources: a name for pushes naming a batch source, in the JSON, the checks and the plan. */
class PushSourceSpecTest {
    @Test
    void aPushSourceRoundTripsThroughJsonAndASpecWithoutOneKeepsItsJson() {
        RepoSpec rides = Samples.rides();
        RepoSpec withPush = with(rides, new PushSourceSpec("rides_push", rides.sources().getFirst().name(), "live"));

        assertThat(SpecJson.read(SpecJson.write(withPush))).isEqualTo(withPush);
        assertThat(SpecJson.write(rides)).doesNotContain("pushSources");
        assertThat(SpecValidator.validate(withPush)).isEmpty();
    }

    @Test
    void aPushSourceMustNameADeclaredBatchSource() {
        RepoSpec spec = with(Samples.rides(), new PushSourceSpec("rides_push", "nope", ""));

        assertThat(SpecValidator.validate(spec)).extracting(SpecError::path)
                .containsExactly("pushSources[rides_push].batchSource");
    }

    @Test
    void addingAPushSourceIsAChange() {
        RepoSpec rides = Samples.rides();
        RepoSpec withPush = with(rides, new PushSourceSpec("rides_push", rides.sources().getFirst().name(), ""));

        assertThat(SpecDiff.between(rides, withPush).changes()).singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(ObjectKind.PUSH_SOURCE));
    }

    private static RepoSpec with(RepoSpec spec, PushSourceSpec push) {
        return new RepoSpec(spec.project(), spec.entities(), spec.sources(), spec.featureViews(),
                spec.featureServices(), List.of(push));
    }
}
