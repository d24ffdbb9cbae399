package dev.granary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.error.InstantField;
import dev.granary.offline.stats.FeatureStats;
import dev.granary.offline.stats.FrequentValue;
import dev.granary.statistics.StoredStatistics;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Compute the statistics of the features of the current registry version from their source"
                + " data (one pass per view) and store them in the registry; the catalog and the feature detail"
                + " show them. Progress is drawn on stderr. See docs/statistics.md."})
final class StatsCommand implements Callable<Integer> {
    @Mixin
    RepoOptions repo;
    @Option(names = "--views", split = ",", paramLabel = "VIEW", description = "Only these views (default: every view).")
    List<String> views;
    @Option(names = "--start", paramLabel = "INSTANT", description = "First event time included (default: no bound), e.g. 2026-11-01T00:00:00Z.")
    String start;
    @Option(names = "--end", paramLabel = "INSTANT", description = "Last event time included (default: no bound).")
    String end;
    @Option(names = "--json", description = "Print the stored statistics as JSON.")
    boolean json;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        Instant from = InstantField.parse("--start", start);
        Instant to = InstantField.parse("--end", end);
        try (Workspace workspace = repo.open();
             RepositoryBackend backend = repo.backend(workspace, RepositoryStore.REGISTRY, RepositoryStore.CATALOG)) {
            String project = backend.defaultProject(workspace.config().project());
            PrintWriter err = spec.commandLine().getErr();
            List<StoredStatistics> rows = backend.statistics(project, views, from, to, new ProgressBar(err));
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new com.fasterxml.jackson.databind.ObjectMapper()
                        .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                        .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .writerWithDefaultPrettyPrinter().writeValueAsString(rows));
            } else {
                print(project, rows, out);
            }
            out.flush();
            return 0;
        }
    }

    private static void print(String project, List<StoredStatistics> rows, PrintWriter out) {
        String row = "%-36s  %-11s  %10s  %8s  %9s  %12s  %12s  %12s  %s%n";
        out.printf(Locale.ROOT, row, "FEATURE", "KIND", "COUNT", "NULLS", "DISTINCT", "MIN", "MEAN", "MAX",
                "TOP VALUES");
        for (StoredStatistics stored : rows) {
            FeatureStats s = stored.stats();
            out.printf(Locale.ROOT, row, s.view() + ":" + s.feature(), s.kind().name().toLowerCase(Locale.ROOT),
                    s.count(),
                    s.nullCount(), "~" + s.distinctCount(), number(s.min()), number(s.mean()), number(s.max()),
                    s.topValues().stream().limit(3).map(StatsCommand::top).collect(Collectors.joining(", ")));
        }
        if (!rows.isEmpty()) {
            StoredStatistics first = rows.getFirst();
            out.println("Stored " + rows.size() + " feature statistics of project " + project + " version "
                    + first.specVersion() + ".");
        } else {
            out.println("Project " + project + " has no feature views; nothing to compute.");
        }
    }

    private static String number(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String top(FrequentValue v) {
        return v.value() + " (" + v.estimate() + ")";
    }
}
