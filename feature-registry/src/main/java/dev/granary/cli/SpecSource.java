package dev.granary.cli;

import dev.granary.offline.ArrowOfflineEngine;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SpecError;
import dev.granary.spec.SpecInvalidException;
import dev.granary.spec.validation.SpecValidator;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The optional {@code PATH} of plan and apply: definitions to compile and validate (default: the repository),
 * then checked against their Parquet data (paths, columns, types) unless the data checks are skipped.
 */
final class SpecSource {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH",
            description = "A .java file, a .granary.json file or a folder of definitions. Default: the repository.")
    Path path;

    @Option(names = "--skip-data-checks",
            description = "Do not check sources against their Parquet files (when the data is not reachable from here).")
    boolean skipDataChecks;

    /** Loads, validates and checks the definitions; every error at once, as a SpecInvalidException (exit code 2). */
    RepoSpec load(Workspace workspace) {
        Path target = path == null ? workspace.repoDir() : path.toAbsolutePath().normalize();
        RepoSpec spec = SpecValidator.requireValid(new DefinitionLoader().load(target, workspace.config().project()));
        if (!skipDataChecks) {
            List<SpecError> dataErrors = new ArrowOfflineEngine().checkSources(spec, workspace.config().offline().root());
            if (!dataErrors.isEmpty()) {
                throw new SpecInvalidException(dataErrors);
            }
        }
        return spec;
    }
}
