package dev.granary.server.registry;

import dev.granary.registry.DiffDocument;
import dev.granary.registry.Plan;
import dev.granary.spec.SpecError;
import java.util.List;

/** The answer to a plan: pass {@code currentVersion} back as {@code basedOnVersion} to apply what was planned. */
record PlanResponse(String project, int currentVersion, DiffDocument diff, List<SpecError> warnings) {
    static PlanResponse of(Plan plan) {
        return new PlanResponse(plan.project(), plan.currentVersion(), DiffDocument.of(plan.diff()), plan.warnings());
    }
}
