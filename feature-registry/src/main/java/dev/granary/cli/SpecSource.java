package dev.granary.cli;

import dev.granary.spec.RepoSpec;
import dev.granary.spec.validation.SpecValidator;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The optional {@code PATH} of plan and apply: definitions to compile and validate (default: the repository). */
final class SpecSource {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH",
            description = "A .java file, a .granary.json file or a folder of definitions. Default: the repository.")
    Path path;

    /** Loads and validates the definitions; every error at once, as a SpecInvalidException (exit code 2). */
    RepoSpec load(Workspace workspace) {
        Path target = path == null ? workspace.repoDir() : path.toAbsolutePath().normalize();
        RepoSpec spec = new DefinitionLoader().load(target, workspace.config().project());
        return SpecValidator.requireValid(spec);
    }
}
