package dev.granary.registry;

import dev.granary.error.ConflictException;
import dev.granary.error.ExitCodes;
import dev.granary.spec.diff.SpecDiff;

/**
 * The spec would make breaking changes (a feature's type changed, a feature a service uses removed) and force
 * was not given. HTTP 409, exit code 2 (the user decides: fix the definitions or apply with force).
 */
public class BreakingChangeException extends ConflictException {
    private final transient SpecDiff diff;

    public BreakingChangeException(String project, SpecDiff diff) {
        super("BREAKING_CHANGE", ExitCodes.BAD_INPUT, null,
                "Applying this spec to project '" + project + "' makes breaking changes:\n" + diff.render()
                        + "\nFix the definitions, or apply with --force (REST: force=true) to accept them");
        this.diff = diff;
    }

    public SpecDiff diff() {
        return diff;
    }
}
