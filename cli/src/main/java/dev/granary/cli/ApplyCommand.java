package dev.granary.cli;

import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.cli.backend.StoredVersion;
import dev.granary.error.ExitCodes;
import dev.granary.registry.ApplyOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "As plan, then store a new registry version (nothing is stored when the spec is unchanged).")
final class ApplyCommand implements Callable<Integer> {
    @Mixin
    RepoOptions repo;
    @Mixin
    SpecSource source;
    @Option(names = "--force", description = "Apply breaking changes (a type change, a removed feature a service uses).")
    boolean force;
    @Option(names = {"-m", "--message"}, description = "A note stored with the version.")
    String message;
    @Option(names = "--stats", description = "Then compute the feature statistics of the project (as 'granary stats').")
    boolean stats;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Workspace workspace = repo.open();
             RepositoryBackend backend = repo.backend(workspace, RepositoryStore.REGISTRY, RepositoryStore.CATALOG)) {
            ApplyOptions options = new ApplyOptions(Workspace.author(), null, force, message);
            StoredVersion applied = backend.apply(source.load(workspace), options, source.checkData());
            PrintWriter out = spec.commandLine().getOut();
            if (!applied.changed()) {
                out.println("No changes: project " + applied.project() + " stays at version " + applied.version() + ".");
            } else {
                out.println(applied.diffText());
                out.println("Applied: project " + applied.project() + " is now at version " + applied.version() + ".");
            }
            if (stats) {
                try {
                    int features = backend.statistics(applied.project(), null, null, null,
                            new ProgressBar(spec.commandLine().getErr())).size();
                    out.println("Statistics: stored for " + features + " features of project " + applied.project() + ".");
                } catch (RuntimeException e) {
                    // the version is stored: say so rather than letting the failure read as a failed apply
                    spec.commandLine().getErr().println("granary apply: version " + applied.version()
                            + " is stored, but its statistics failed: " + e.getMessage()
                            + "; run 'granary stats' once fixed");
                    return ExitCodes.FAILURE;
                }
            }
            return 0;
        }
    }
}
