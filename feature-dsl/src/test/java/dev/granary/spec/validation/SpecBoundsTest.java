package dev.granary.spec.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.Samples;
import dev.granary.spec.SpecError;
import dev.granary.spec.json.SpecJson;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Upper bounds of TTLs, windows and name lengths: the largest valid value passes, one more is refused. */
class SpecBoundsTest {
    private static RepoSpec ridesWith(Consumer<ObjectNode> change) {
        ObjectNode tree = SpecJson.toTree(Samples.rides());
        change.accept(tree);
        return SpecJson.fromTree(tree);
    }

    private static ObjectNode view(ObjectNode tree, int index) {
        return (ObjectNode) tree.get("featureViews").get(index);
    }

    private static ObjectNode firstAggregation(ObjectNode tree) {
        for (var view : tree.get("featureViews")) {
            if (!view.get("aggregations").isEmpty()) {
                return (ObjectNode) view.get("aggregations").get(0);
            }
        }
        throw new AssertionError("the sample has no aggregation");
    }

    @Test
    void aTtlOfAHundredYearsIsValidAndLongerIsRefusedNamingTheBound() {
        assertThat(SpecValidator.validate(ridesWith(t -> view(t, 0).put("ttlSeconds", BoundRules.MAX_SECONDS))))
                .isEmpty();

        List<SpecError> errors = SpecValidator.validate(ridesWith(t -> view(t, 0).put("ttlSeconds", Long.MAX_VALUE)));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).path()).endsWith(".ttlSeconds");
        assertThat(errors.get(0).message()).contains("3155760000");
        assertThat(SpecValidator.validate(ridesWith(t -> view(t, 0).put("ttlSeconds", BoundRules.MAX_SECONDS + 1))))
                .hasSize(1);
    }

    @Test
    void aWindowLongerThanAHundredYearsIsRefused() {
        List<SpecError> errors = SpecValidator.validate(ridesWith(t -> firstAggregation(t)
                .put("windowSeconds", Long.MAX_VALUE)));
        assertThat(errors).extracting(SpecError::path).singleElement().asString().endsWith(".windowSeconds");
    }

    @Test
    void namesLongerThanTheLimitAreRefusedForTheProjectAndEveryObject() {
        String longest = "p" + "x".repeat(BoundRules.MAX_NAME_LENGTH - 1);
        assertThat(SpecValidator.validate(ridesWith(t -> t.put("project", longest)))).isEmpty();

        String tooLong = "p" + "x".repeat(300);
        List<SpecError> errors = SpecValidator.validate(ridesWith(t -> {
            t.put("project", tooLong);
            ((ObjectNode) view(t, 0).get("features").get(0)).put("name", "f" + "x".repeat(300));
        }));
        List<SpecError> tooLongErrors = errors.stream()
                .filter(e -> e.message().contains("characters long, more than the largest allowed, 128")).toList();
        assertThat(tooLongErrors).extracting(SpecError::path).hasSize(2).contains("project")
                .anyMatch(p -> p.startsWith("featureViews[driver_stats].features[fxxx") && p.endsWith(".name"));
    }
}
