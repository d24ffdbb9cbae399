package dev.granary.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --repo DIR} option every command that works on a feature repository shares. */
final class RepoOptions {
    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "The feature repository (folder with granary.yaml). Default: the working directory.")
    Path repo;

    Workspace open() {
        return Workspace.open(repo);
    }
}
