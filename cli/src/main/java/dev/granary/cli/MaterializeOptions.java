package dev.granary.cli;

import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.materialization.MaterializeRequest;
import java.util.List;
import java.util.function.BiFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The option block and run both materialize commands share (a picocli mixin): the repository options and
 * {@code --views}, and {@link #materialize}, which opens the repository, builds the command's request for its
 * default project and runs it through {@link MaterializeProgress}.
 */
final class MaterializeOptions {
    @Mixin
    RepoOptions repo;
    @Option(names = "--views", split = ",", paramLabel = "VIEW", description = "Only these views (default: every online view).")
    List<String> views;
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * Materializes the request that {@code request} makes from the default project and {@code --views} (null when
     * not given), drawing progress on stderr and the report on stdout.
     *
     * @return the command's exit code
     */
    int materialize(BiFunction<String, List<String>, MaterializeRequest> request) {
        try (Workspace workspace = repo.open();
             RepositoryBackend backend = repo.backend(workspace, MaterializeProgress.STORES)) {
            MaterializeRequest made = request.apply(backend.defaultProject(workspace.config().project()), views);
            MaterializeProgress.run(backend, made, spec.commandLine().getOut(), spec.commandLine().getErr());
            return 0;
        }
    }
}
