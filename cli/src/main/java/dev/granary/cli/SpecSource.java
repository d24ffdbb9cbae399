package dev.granary.cli;

import dev.granary.spec.RepoSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The optional {@code PATH} of plan and apply: definitions to compile (default: the repository). The registry
 * validates them and checks them against their Parquet data (paths, columns, types) unless asked not to.
 */
final class SpecSource {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH",
            description = "A .java file, a .granary.json file or a folder of definitions. Default: the repository.")
    Path path;

    @Option(names = "--skip-data-checks",
            description = "Do not check sources against their Parquet files (when the data is not reachable from here).")
    boolean skipDataChecks;

    /** Compiles or reads the definitions into a spec (not yet validated). */
    RepoSpec load(Workspace workspace) {
        Path target = path == null ? workspace.repoDir() : path.toAbsolutePath().normalize();
        return new DefinitionLoader().load(target, workspace.config().project());
    }

    boolean checkData() {
        return !skipDataChecks;
    }
}
