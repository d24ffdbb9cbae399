package dev.granary.cli;

import dev.granary.cli.backend.FeatureLookup;
import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.error.BadRequestException;
import dev.granary.serving.OnlineQuery;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Look up the online features of one entity and print them as a table (feature, value,"
                + " status, event time).")
final class GetCommand implements Callable<Integer> {
    @Mixin
    RepoOptions repo;
    @Option(names = "--entity", required = true, paramLabel = "KEY=VALUE[,KEY=VALUE]",
            description = "The entity's join keys, e.g. driver_id=1001 (composite keys: a=1,b=x).")
    String entity;
    @ArgGroup(exclusive = true, multiplicity = "1")
    FeatureSelection selection;
    @Option(names = "--full-feature-names", description = "Name features view__feature.")
    boolean fullFeatureNames;
    @Spec
    CommandSpec spec;


    @Override
    public Integer call() {
        Map<String, String> keys = parseEntity(entity);
        try (Workspace workspace = repo.open();
             RepositoryBackend backend = repo.backend(workspace, RepositoryStore.REGISTRY, RepositoryStore.ONLINE)) {
            OnlineQuery query = new OnlineQuery(backend.defaultProject(workspace.config().project()),
                    selection.features, selection.featureService, Map.of(), fullFeatureNames);
            print(backend.lookup(query, keys), spec.commandLine().getOut());
            return 0;
        }
    }

    static Map<String, String> parseEntity(String text) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new BadRequestException("--entity", "--entity '" + text + "' must be KEY=VALUE[,KEY=VALUE],"
                        + " e.g. driver_id=1001");
            }
            keys.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return keys;
    }

    private static void print(FeatureLookup result, PrintWriter out) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"FEATURE", "VALUE", "STATUS", "EVENT TIME"});
        for (FeatureLookup.Key key : result.keys()) {
            lines.add(new String[] {key.name(), String.valueOf(key.value()), "PRESENT", "-"});
        }
        for (FeatureLookup.Feature feature : result.features()) {
            lines.add(new String[] {feature.name(), text(feature.value()), feature.status(),
                    feature.eventTime() == null ? "-" : feature.eventTime().toString()});
        }
        int[] widths = new int[4];
        for (String[] line : lines) {
            for (int c = 0; c < 4; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        for (String[] line : lines) {
            out.println(String.format(Locale.ROOT,
                    "%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s",
                    line[0], line[1], line[2], line[3]));
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof byte[] bytes) {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }
}
