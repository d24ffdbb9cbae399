package dev.granary.cli;

import dev.granary.cli.backend.PlannedChange;
import dev.granary.cli.backend.RepositoryBackend;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Compile and validate definitions and show the diff against the registry (changes nothing).")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    RepoOptions repo;
    @Mixin
    SpecSource source;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Workspace workspace = repo.open();
             RepositoryBackend backend = repo.backend(workspace, RepositoryStore.REGISTRY)) {
            PlannedChange plan = backend.plan(source.load(workspace), source.checkData());
            PrintWriter out = spec.commandLine().getOut();
            out.println("Project " + plan.project() + ", registry at version " + plan.currentVersion() + ".");
            out.println(plan.empty() ? "No changes." : plan.diffText());
            if (plan.breaking()) {
                out.println("This plan has breaking changes: 'granary apply --force' would apply them.");
            }
            return 0;
        }
    }
}
