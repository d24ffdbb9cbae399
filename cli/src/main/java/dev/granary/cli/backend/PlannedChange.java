package dev.granary.cli.backend;

import static java.util.Objects.requireNonNull;

import dev.granary.registry.Plan;

/**
 * What a plan found: the project, the registry's current version and the diff against it.
 *
 * @param diffText the readable diff, one change per line (as {@code SpecDiff.render()})
 */
public record PlannedChange(String project, int currentVersion, boolean empty, boolean breaking, String diffText) {
    public PlannedChange {
        requireNonNull(project, "project is null");
        requireNonNull(diffText, "diffText is null");
    }

    public static PlannedChange of(Plan plan) {
        return new PlannedChange(plan.project(), plan.currentVersion(), plan.diff().isEmpty(),
                plan.diff().hasBreaking(), plan.diff().render());
    }
}
