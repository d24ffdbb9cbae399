package dev.granary.dsl;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.RepoSpec;
import java.util.List;

/** The entry point that turns definition classes into the canonical spec. */
public final class Definitions {
    private Definitions() {
    }

    /**
     * Runs every definition class on one shared {@link FeatureRepo} and returns the spec it built. A spec whose
     * declarations could all be recorded is not validated: pass it to {@code SpecValidator.requireValid} to get
     * every error at once.
     *
     * @param defaultProject the project when no definition calls {@link FeatureRepo#project(String)}
     * @throws dev.granary.spec.SpecInvalidException when some declarations could not be recorded (definitions
     *                                               naming two projects, a null type, ...), with every error
     */
    public static RepoSpec toSpec(String defaultProject, FeatureDefinitions... definitions) {
        return toSpec(defaultProject, List.of(requireNonNull(definitions, "definitions is null")));
    }

    /** As {@link #toSpec(String, FeatureDefinitions...)}, in the order of the list. */
    public static RepoSpec toSpec(String defaultProject, List<? extends FeatureDefinitions> definitions) {
        FeatureRepo repo = new FeatureRepo(defaultProject);
        for (FeatureDefinitions definition : definitions) {
            requireNonNull(definition, "a definition is null").define(repo);
        }
        return repo.build();
    }
}
