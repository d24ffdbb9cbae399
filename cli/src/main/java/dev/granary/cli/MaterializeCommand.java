package dev.granary.cli;

import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.error.InstantField;
import dev.granary.materialization.MaterializeRequest;
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
        try (Workspace workspace = repo.open();
             RepositoryBackend backend = repo.backend(workspace, MaterializeProgress.STORES)) {
            MaterializeRequest request = MaterializeRequest.range(backend.defaultProject(workspace.config().project()),
                    InstantField.parse("START", start), InstantField.parse("END", end), views);
            MaterializeProgress.run(backend, request, spec.commandLine().getOut(), spec.commandLine().getErr());
            return 0;
        }
    }
}
