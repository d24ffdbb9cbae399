package dev.granary.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.spec.RepoSpec;
import dev.granary.spec.SpecInvalidException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Registry} backend must have. A subclass only says how to open a fresh, empty
 * registry database and how to get rid of it.
 */
abstract class RegistryContractTest {
    protected RegistryDatabase database;
    protected Registry registry;

    private TestDatabases.Fresh fresh;

    /** Where each test gets a registry database of its own, empty. */
    protected abstract TestDatabases.Fresh fresh();

    @BeforeEach
    void open() {
        fresh = fresh();
        database = fresh.open();
        registry = database.registry();
    }

    @AfterEach
    void close() {
        database.close();
        fresh.drop();
    }

    @Test
    void firstApplyCreatesVersionOneWithTheSpec() {
        RepoSpec spec = Specs.rides();

        Applied applied = registry.apply(spec, ApplyOptions.by("alice"));

        assertThat(applied.version()).isEqualTo(1);
        assertThat(applied.changed()).isTrue();
        assertThat(applied.diff().isEmpty()).isFalse();
        VersionDetail current = registry.current("rides").orElseThrow();
        assertThat(current.version()).isEqualTo(1);
        assertThat(current.spec()).isEqualTo(spec);
        assertThat(current.summary().author()).isEqualTo("alice");
        assertThat(registry.projects()).extracting(ProjectSummary::name, ProjectSummary::currentVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rides", 1));
    }

    @Test
    void applyingAnUnchangedSpecCreatesNoVersion() {
        registry.apply(Specs.rides(), ApplyOptions.by("alice"));

        Applied again = registry.apply(Specs.rides(), ApplyOptions.by("bob"));

        assertThat(again.changed()).isFalse();
        assertThat(again.version()).isEqualTo(1);
        assertThat(again.diff().isEmpty()).isTrue();
        assertThat(registry.history("rides")).hasSize(1);
    }

    @Test
    void eachChangeIsANewVersionWithAuthorMessageAndDiff() {
        RepoSpec v1 = Specs.rides();
        RepoSpec v2 = Specs.withExtraFeature(v1, "cancel_rate");
        registry.apply(v1, ApplyOptions.by("alice"));

        Applied applied = registry.apply(v2, ApplyOptions.by("bob").withMessage("add cancel_rate"));

        assertThat(applied.version()).isEqualTo(2);
        assertThat(applied.diff().isEmpty()).isFalse();
        assertThat(applied.diff().render()).contains("cancel_rate");
        List<VersionSummary> history = registry.history("rides");
        assertThat(history).extracting(VersionSummary::version).containsExactly(2, 1);
        assertThat(history).extracting(VersionSummary::author).containsExactly("bob", "alice");
        assertThat(history.getFirst().summary()).isEqualTo("add cancel_rate");
        assertThat(history.getFirst().appliedAt()).isAfterOrEqualTo(history.get(1).appliedAt());
        VersionDetail second = registry.version("rides", 2);
        assertThat(second.spec()).isEqualTo(v2);
        assertThat(second.diff().render()).contains("cancel_rate");
        assertThat(registry.version("rides", 1).spec()).isEqualTo(v1);
    }

    @Test
    void planShowsTheDiffAndStoresNothing() {
        registry.apply(Specs.rides(), ApplyOptions.by("alice"));

        Plan plan = registry.plan(Specs.withExtraFeature(Specs.rides(), "cancel_rate"));

        assertThat(plan.currentVersion()).isEqualTo(1);
        assertThat(plan.diff().render()).contains("cancel_rate");
        assertThat(plan.diff().hasBreaking()).isFalse();
        assertThat(registry.history("rides")).hasSize(1);
    }

    @Test
    void planOfANewProjectIsAgainstAnEmptySpec() {
        Plan plan = registry.plan(Specs.rides("fresh"));

        assertThat(plan.currentVersion()).isZero();
        assertThat(plan.diff().isEmpty()).isFalse();
        assertThat(registry.current("fresh")).isEmpty();
    }

    @Test
    void invalidSpecIsRefusedWithEveryErrorAndNothingStored() {
        assertThatThrownBy(() -> registry.apply(Specs.withTwoErrors(Specs.rides()), ApplyOptions.by("alice")))
                .isInstanceOfSatisfying(SpecInvalidException.class,
                        e -> assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(2));
        assertThat(registry.history("rides")).isEmpty();
        assertThat(registry.projects()).isEmpty();
    }

    @Test
    void breakingChangeIsRefusedUnlessForced() {
        registry.apply(Specs.rides(), ApplyOptions.by("alice"));
        RepoSpec breaking = Specs.withConvRateAsString(Specs.rides());

        assertThatThrownBy(() -> registry.apply(breaking, ApplyOptions.by("bob")))
                .isInstanceOf(BreakingChangeException.class)
                .hasMessageContaining("conv_rate")
                .hasMessageContaining("force");
        assertThat(registry.current("rides").orElseThrow().version()).isEqualTo(1);

        Applied forced = registry.apply(breaking, ApplyOptions.by("bob").forced());
        assertThat(forced.version()).isEqualTo(2);
        assertThat(forced.diff().hasBreaking()).isTrue();
    }

    @Test
    void applyBasedOnAnOldVersionIsStale() {
        RepoSpec v1 = Specs.rides();
        registry.apply(v1, ApplyOptions.by("alice"));
        registry.apply(Specs.withExtraFeature(v1, "a"), ApplyOptions.by("alice"));

        assertThatThrownBy(() -> registry.apply(Specs.withExtraFeature(v1, "b"), ApplyOptions.by("bob").basedOn(1)))
                .isInstanceOfSatisfying(StaleVersionException.class, e -> {
                    assertThat(e.expected()).isEqualTo(1);
                    assertThat(e.actual()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("moved from version 1 to 2").contains("plan");
                });
        assertThat(registry.history("rides")).hasSize(2);

        Applied ok = registry.apply(Specs.withExtraFeature(v1, "b"), ApplyOptions.by("bob").basedOn(2));
        assertThat(ok.version()).isEqualTo(3);
    }

    @Test
    void rollbackIsANewVersionWithTheEarlierSpec() {
        RepoSpec v1 = Specs.rides();
        registry.apply(v1, ApplyOptions.by("alice"));
        registry.apply(Specs.withConvRateAsString(v1), ApplyOptions.by("alice").forced());

        Applied rolledBack = registry.rollback("rides", 1, "carol");

        assertThat(rolledBack.version()).isEqualTo(3);
        assertThat(rolledBack.changed()).isTrue();
        VersionDetail current = registry.current("rides").orElseThrow();
        assertThat(current.spec()).isEqualTo(v1);
        assertThat(current.summary().rolledBackFrom()).isEqualTo(1);
        assertThat(current.summary().author()).isEqualTo("carol");
        assertThat(registry.version("rides", 2).summary().rolledBackFrom()).isNull();
    }

    @Test
    void unknownVersionIsNotFoundNamingTheRange() {
        registry.apply(Specs.rides(), ApplyOptions.by("alice"));

        assertThatThrownBy(() -> registry.version("rides", 7))
                .isInstanceOf(VersionNotFoundException.class)
                .hasMessageContaining("no version 7")
                .hasMessageContaining("1 to 1");
        assertThatThrownBy(() -> registry.rollback("nothing", 1, "carol"))
                .isInstanceOf(VersionNotFoundException.class);
    }

    @Test
    void unknownProjectHasNoCurrentVersionAndNoHistory() {
        assertThat(registry.current("nothing")).isEmpty();
        assertThat(registry.history("nothing")).isEmpty();
        assertThat(registry.currentVersion("nothing")).isZero();
    }

    @Test
    void currentVersionFollowsAppliesAndRollbacksOfItsProjectOnly() {
        RepoSpec v1 = Specs.rides();
        registry.apply(v1, ApplyOptions.by("alice"));
        registry.apply(Specs.rides("other"), ApplyOptions.by("alice"));
        assertThat(registry.currentVersion("rides")).isEqualTo(1);

        registry.apply(Specs.withExtraFeature(v1, "cancel_rate"), ApplyOptions.by("bob"));
        assertThat(registry.currentVersion("rides")).isEqualTo(2);
        registry.rollback("rides", 1, "carol");
        assertThat(registry.currentVersion("rides")).isEqualTo(3)
                .isEqualTo(registry.current("rides").orElseThrow().version());
        assertThat(registry.currentVersion("other")).isEqualTo(1);
    }

    @Test
    void currentSpecIsTheSpecOfTheCurrentVersion() {
        assertThat(registry.currentSpec("rides")).isEmpty();
        RepoSpec v1 = Specs.rides();
        RepoSpec v2 = Specs.withExtraFeature(v1, "cancel_rate");
        registry.apply(v1, ApplyOptions.by("alice"));
        registry.apply(v2, ApplyOptions.by("bob"));
        assertThat(registry.currentSpec("rides")).contains(new CurrentSpec(2, v2));

        registry.rollback("rides", 1, "carol");
        assertThat(registry.currentSpec("rides")).contains(new CurrentSpec(3, v1));
    }

    @Test
    void projectsAreIndependent() {
        registry.apply(Specs.rides("alpha"), ApplyOptions.by("alice"));
        registry.apply(Specs.rides("beta"), ApplyOptions.by("alice"));
        registry.apply(Specs.withExtraFeature(Specs.rides("beta"), "x"), ApplyOptions.by("alice"));

        assertThat(registry.projects()).extracting(ProjectSummary::name, ProjectSummary::currentVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alpha", 1),
                        org.assertj.core.groups.Tuple.tuple("beta", 2));
        assertThat(registry.history("alpha")).hasSize(1);
    }
}
