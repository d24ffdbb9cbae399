package dev.granary.cli;

import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.cli.backend.StoredVersion;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Restore an earlier version's spec; the rollback is itself a new version.")
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    RepoOptions repo;
    @Parameters(index = "0", paramLabel = "VERSION", description = "The version to restore (see 'granary history').")
    int version;
    @Option(names = "--project", description = "The project (default: the one in granary.yaml).")
    String project;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Workspace workspace = repo.open();
             RepositoryBackend backend = repo.backend(workspace, RepositoryStore.REGISTRY, RepositoryStore.CATALOG)) {
            String name = project == null ? workspace.config().project() : project;
            StoredVersion applied = backend.rollback(name, version, Workspace.author());
            PrintWriter out = spec.commandLine().getOut();
            if (!applied.changed()) {
                out.println("Version " + version + " is already current: nothing to roll back.");
            } else {
                out.println(applied.diffText());
                out.println("Rolled back: project " + name + " is now at version " + applied.version()
                        + " (the spec of version " + version + ").");
            }
            return 0;
        }
    }
}
