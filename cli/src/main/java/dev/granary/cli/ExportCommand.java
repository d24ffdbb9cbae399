package dev.granary.cli;

import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.error.BadRequestException;
import dev.granary.export.EntityQueries;
import dev.granary.export.ReplayRequest;
import dev.granary.export.TrainingSet;
import dev.granary.offline.EntityQuery;
import dev.granary.export.TrainingSetRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
                + "as they were known at its timestamp, never later ones.",
                "Without an entity table, --as-of or --range select the entity rows from the views' sources; "
                        + "--replay rebuilds a recorded training set.", "Progress is shown on stderr."})
final class ExportCommand implements Callable<Integer> {
    @Mixin
    RepoOptions repo;
    @Option(names = "--entities", paramLabel = "FILE.parquet",
            description = "The entity table: join-key columns and a timestamp column.")
    Path entities;
    @Option(names = "--as-of", paramLabel = "TIME",
            description = "Instead of --entities: every key seen in the views' sources by TIME, with its features as of TIME.")
    String asOf;
    @Option(names = "--range", arity = "2", paramLabel = "TIME",
            description = "Instead of --entities: START END, every source event in the range (or with --every, every key at each step).")
    List<String> range;
    @Option(names = "--every", paramLabel = "STEP", description = "With --range: one row per key at each step (90s, 15m, 1h, 7d).")
    String every;
    @Option(names = "--replay", paramLabel = "TRAINING_SET_ID",
            description = "Rebuild a recorded training set from its spec version and inputs into --output.")
    String replay;
    @Option(names = "--allow-changed-inputs", description = "With --replay: rebuild even when an input file changed since.")
    boolean allowChangedInputs;
    @ArgGroup(exclusive = true, multiplicity = "0..1")
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
            String name = project == null ? workspace.config().project() : project;
            TrainingSet set;
            if (replay != null) {
                if (entities != null || selection != null || asOf != null || range != null || every != null) {
                    throw new BadRequestException("--replay", "--replay takes the entities and features of the "
                            + "recorded training set; give only --output (and --overwrite, --allow-changed-inputs)");
                }
                set = backend.replay(new ReplayRequest(name, replay, cwd.resolve(output).normalize(), overwrite,
                        allowChangedInputs), bar);
            } else {
                if (selection == null) {
                    throw new BadRequestException("--features", "give --features VIEW:FEATURE,... or --feature-service NAME");
                }
                if (allowChangedInputs) {
                    throw new BadRequestException("--allow-changed-inputs", "--allow-changed-inputs goes with --replay");
                }
                EntityQuery query = EntityQueries.of(asOf, range == null ? null : range.get(0),
                        range == null ? null : range.get(1), every);
                TrainingSetRequest request = new TrainingSetRequest(name,
                        entities == null ? null : cwd.resolve(entities).normalize(), selection.features,
                        selection.featureService, cwd.resolve(output).normalize(), fullFeatureNames, timestampColumn,
                        overwrite, query);
                set = backend.export(request, bar);
            }
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
