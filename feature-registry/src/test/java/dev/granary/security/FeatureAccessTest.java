package dev.granary.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.client.OnlineTestSpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who reads a restricted feature: grants on the feature or its view, admins, everyone with security off. */
class FeatureAccessTest {
    private static final RepoSpec SPEC = restrictLevel(OnlineTestSpec.of("rides"));
    private static final FeatureRef LEVEL = new FeatureRef("customer_stats", "level");
    private static final FeatureRef SCORE = new FeatureRef("customer_stats", "score");
    private static final FeatureRef TRIPS = new FeatureRef("driver_stats", "trips");

    @Test
    void unrestrictedFeaturesAreReadByEveryCallerAndRestrictedOnesNeedAGrantOrAnAdmin() {
        assertThat(access(Role.READER).mayRead(TRIPS)).isTrue();
        assertThat(access(Role.READER).mayRead(LEVEL)).isFalse();
        assertThat(access(Role.WRITER).mayRead(LEVEL)).isFalse();
        assertThat(access(Role.READER, "customer_stats:level").mayRead(LEVEL)).isTrue();
        assertThat(access(Role.READER, "customer_stats:score").mayRead(LEVEL)).isFalse();
        assertThat(access(Role.READER, "customer_stats").mayRead(LEVEL)).isTrue();
        assertThat(access(Role.READER, "customer").mayRead(LEVEL)).as("a grant names a whole view").isFalse();
        assertThat(access(Role.ADMIN).mayRead(LEVEL)).isTrue();
        assertThat(FeatureAccess.of(Caller.UNCHECKED, SPEC).mayRead(LEVEL)).isTrue();
        assertThat(FeatureAccess.restrictedAmong(SPEC, List.of(TRIPS, LEVEL, SCORE))).containsExactly(LEVEL);
    }

    @Test
    void aRefusalNamesEveryFeatureNotGrantedAndTheGrantThatAllowsIt() {
        assertThatThrownBy(() -> access(Role.READER).require(List.of(TRIPS, LEVEL)))
                .isInstanceOfSatisfying(RequestRefusedException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("RESTRICTED_FEATURE");
                    assertThat(e.getMessage()).contains("customer_stats:level").doesNotContain("driver_stats:trips")
                            .contains("granary token grant tok_1 customer_stats:level");
                });
        access(Role.READER, "customer_stats").require(List.of(TRIPS, LEVEL));
    }

    @Test
    void aPushNeedsEveryRestrictedFeatureOfTheView() {
        FeatureViewSpec customers = SPEC.featureView("customer_stats").orElseThrow();
        assertThatThrownBy(() -> access(Role.WRITER).requireView(customers))
                .isInstanceOf(RequestRefusedException.class);
        access(Role.WRITER, "customer_stats:level").requireView(customers);
        access(Role.WRITER).requireView(SPEC.featureView("driver_stats").orElseThrow());
    }

    private static FeatureAccess access(Role role, String... grants) {
        ApiToken token = new ApiToken("tok_1", "t", "rides", role, Instant.EPOCH, Optional.empty(), Optional.empty(),
                Set.of(grants));
        return FeatureAccess.of(Caller.of(token), SPEC);
    }

    /** customer_stats:level restricted, its score not. */
    private static RepoSpec restrictLevel(RepoSpec spec) {
        return new RepoSpec(spec.project(), spec.entities(), spec.sources(), spec.featureViews().stream()
                .map(v -> !v.name().equals("customer_stats") ? v : new FeatureViewSpec(v.name(), v.entities(),
                        v.source(), v.ttlSeconds(), v.online(), v.features().stream().map(f ->
                        new dev.granary.spec.FeatureSpec(f.name(), f.type(), f.column(), f.description(),
                                f.name().equals("level"))).toList(), v.aggregations(), v.owner(), v.tags(),
                        v.description()))
                .toList(), spec.featureServices());
    }
}
