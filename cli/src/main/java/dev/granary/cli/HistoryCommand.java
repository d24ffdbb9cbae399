package dev.granary.cli;

import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.registry.VersionSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "history", mixinStandardHelpOptions = true, description = "List the registry versions of the project, newest first.")
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    RepoOptions repo;
    @Option(names = "--project", description = "The project (default: the one in granary.yaml).")
    String project;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Workspace workspace = repo.open();
             RepositoryBackend backend = repo.backend(workspace, RepositoryStore.REGISTRY)) {
            String name = project == null ? workspace.config().project() : project;
            List<VersionSummary> versions = backend.history(name);
            PrintWriter out = spec.commandLine().getOut();
            if (versions.isEmpty()) {
                out.println("Project " + name + " has no versions yet: run 'granary apply'.");
                return 0;
            }
            out.printf(Locale.ROOT, "%-8s %-20s %-16s %s%n", "VERSION", "APPLIED AT (UTC)", "AUTHOR", "CHANGES");
            for (VersionSummary v : versions) {
                String changes = v.rolledBackFrom() == null ? v.summary() : "rollback to " + v.rolledBackFrom() + ": " + v.summary();
                out.printf(Locale.ROOT, "%-8d %-20s %-16s %s%n", v.version(),
                        v.appliedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString().replace('T', ' ').replace("Z", ""), v.author(), changes);
            }
            return 0;
        }
    }
}
