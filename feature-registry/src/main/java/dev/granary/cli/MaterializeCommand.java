package dev.granary.cli;

import dev.granary.materialization.MaterializeRequest;
import dev.granary.registry.ProjectSummary;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "materialize", mixinStandardHelpOptions = true,
        description = {"Write the point-in-time values as of END of the online views into the online store, using"
                + " source rows with START <= event time <= END. Values only move forward (newer wins).",
                "Progress is drawn on stderr."})
final class MaterializeCommand implements Callable<Integer> {
    @Mixin
    RepoOptions repo;
    @Parameters(index = "0", paramLabel = "START", description = "ISO-8601 instant, e.g. 2026-11-01T00:00:00Z")
    String start;
    @Parameters(index = "1", paramLabel = "END", description = "ISO-8601 instant, e.g. 2026-11-20T00:00:00Z")
    String end;
    @Option(names = "--views", split = ",", paramLabel = "VIEW", description = "Only these views (default: every online view).")
    List<String> views;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Workspace workspace = repo.open()) {
            MaterializeRequest request = MaterializeRequest.range(project(workspace), MaterializeProgress.instant("START", start),
                    MaterializeProgress.instant("END", end), views);
            MaterializeProgress.run(workspace, request, spec.commandLine().getOut(), spec.commandLine().getErr());
            return 0;
        }
    }

    /** The configured project when the registry has it, else the registry's only project (as the server does). */
    static String project(Workspace workspace) {
        String configured = workspace.config().project();
        if (workspace.registry().current(configured).isPresent()) {
            return configured;
        }
        List<String> names = workspace.registry().projects().stream().map(ProjectSummary::name).toList();
        return names.size() == 1 ? names.getFirst() : configured;
    }
}
