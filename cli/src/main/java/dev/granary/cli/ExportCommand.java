package dev.granary.cli;

import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.export.TrainingSet;
import dev.granary.export.TrainingSetRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a point-in-time training set: every row of the entity table with the feature values "
                + "as they were known at its timestamp, never later ones.", "Progress is shown on stderr."})
final class ExportCommand implements Callable<Integer> {
    @Mixin
    RepoOptions repo;
    @Option(names = "--entities", required = true, paramLabel = "FILE.parquet",
            description = "The entity table: join-key columns and a timestamp column.")
    Path entities;
    @ArgGroup(exclusive = true, multiplicity = "1")
    FeatureSelection selection;
    @Option(names = "--output", required = true, paramLabel = "FILE.parquet", description = "The training set to write.")
    Path output;
    @Option(names = "--full-feature-names", description = "Name feature columns view__feature (needed when two views share a feature name).")
    boolean fullFeatureNames;
    @Option(names = "--timestamp-column", paramLabel = "NAME", description = "The entity table's timestamp column (default event_timestamp).")
    String timestampColumn;
    @Option(names = "--project", description = "The project (default: the one in granary.yaml).")
    String project;
    @Option(names = "--overwrite", description = "Replace the output file if it exists (default: refuse).")
    boolean overwrite;
    @Spec
    CommandSpec spec;


    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
        try (Workspace workspace = repo.open();
             RepositoryBackend backend = repo.backend(workspace, RepositoryStore.REGISTRY)) {
            // absolute before they leave: a server resolves relative paths against the repository, not here
            Path cwd = Path.of("").toAbsolutePath();
            TrainingSetRequest request = new TrainingSetRequest(
                    project == null ? workspace.config().project() : project, cwd.resolve(entities).normalize(),
                    selection.features, selection.featureService, cwd.resolve(output).normalize(), fullFeatureNames,
                    timestampColumn, overwrite);
            TrainingSet set = backend.export(request, bar);
            bar.finish();
            out.printf(Locale.ROOT, "Wrote %d rows with %d features to %s in %.1f s (spec version %d).%n",
                    set.rowCount(),
                    set.columns().size(), set.output(), set.elapsed().toMillis() / 1000.0, set.specVersion());
            out.println("Columns added: " + String.join(", ", set.columns()));
            out.println("Recorded as training set " + set.id() + " (input fingerprint " + set.inputFingerprint().substring(0, 12) + ").");
            return 0;
        } finally {
            bar.finish();
        }
    }
}
