package dev.granary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.catalog.SearchParameters;
import dev.granary.catalog.SearchResponse;
import dev.granary.search.Facet;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search the catalog: entities, sources, feature views, features and feature services by name"
                + " (typos and prefixes allowed), description, owner and tags, best first, with facet counts.",
                "The embedded catalog (catalog.path) is brought up to date with the registry first."})
final class SearchCommand implements Callable<Integer> {
    private static final int DESCRIPTION_WIDTH = 60;

    @Mixin
    RepoOptions repo;
    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "Words to find (empty: everything).")
    String query;
    @Option(names = "--json", description = "Print the result as JSON (the shape of GET /api/v1/search).")
    boolean json;
    @Option(names = "--type", split = ",", paramLabel = "TYPE",
            description = "Only these object types: entity, source, feature_view, feature, feature_service.")
    List<String> types;
    @Option(names = "--kind", split = ",", paramLabel = "KIND", description = "Only features of this kind: numeric, categorical.")
    List<String> kinds;
    @Option(names = "--value-type", split = ",", paramLabel = "TYPE", description = "Only features of this value type (FLOAT64, ...).")
    List<String> valueTypes;
    @Option(names = "--owner", split = ",", paramLabel = "OWNER", description = "Only objects of this owner.")
    List<String> owners;
    @Option(names = "--tag", split = ",", paramLabel = "KEY[=VALUE]", description = "Only objects with this tag.")
    List<String> tags;
    @Option(names = "--entity", split = ",", paramLabel = "ENTITY", description = "Only objects of this entity.")
    List<String> entities;
    @Option(names = "--project", split = ",", paramLabel = "PROJECT", description = "Only objects of this project.")
    List<String> projects;
    @Option(names = "--limit", paramLabel = "N", description = "Hits to show (1..200, default 20).")
    Integer limit;
    @Option(names = "--offset", paramLabel = "N", description = "Hits to skip (default 0).")
    Integer offset;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        Map<Facet, List<String>> filters = new EnumMap<>(Facet.class);
        put(filters, Facet.TYPE, types);
        put(filters, Facet.KIND, kinds);
        put(filters, Facet.VALUE_TYPE, valueTypes);
        put(filters, Facet.OWNER, owners);
        put(filters, Facet.TAG, tags);
        put(filters, Facet.ENTITY, entities);
        put(filters, Facet.PROJECT, projects);
        SearchParameters parameters = new SearchParameters(query, filters, limit, offset);
        parameters.toQuery(); // bad options fail before anything is opened
        try (Workspace workspace = repo.open();
             RepositoryBackend backend = repo.backend(workspace, RepositoryStore.CATALOG, RepositoryStore.REGISTRY)) {
            SearchResponse response = backend.search(parameters);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(response));
            } else {
                print(response, out);
            }
            out.flush();
            return 0;
        }
    }

    private static void put(Map<Facet, List<String>> filters, Facet facet, List<String> values) {
        if (values != null) {
            filters.put(facet, values);
        }
    }

    private static void print(SearchResponse response, PrintWriter out) {
        if (response.hits().isEmpty()) {
            out.println("No matches (" + response.total() + " in total).");
        } else {
            int nameWidth = Math.max(4, response.hits().stream().mapToInt(h -> qualified(h).length()).max().orElse(4));
            String row = "%3s  %-15s  %-" + nameWidth + "s  %-10s  %-14s  %6s  %s%n";
            out.printf(Locale.ROOT, row, "#", "TYPE", "NAME", "VALUE", "OWNER", "SCORE", "DESCRIPTION");
            int rank = 0;
            for (SearchResponse.HitJson h : response.hits()) {
                out.printf(Locale.ROOT, row, ++rank, h.kind(), qualified(h), h.type(), h.owner(),
                        String.format(Locale.ROOT, "%.2f", h.score()), shorten(h.description()));
            }
            out.println(response.hits().size() + " of " + response.total() + " matches.");
        }
        response.facets().forEach((facet, counts) -> {
            if (!counts.isEmpty()) {
                out.println("  " + facet + ": " + counts.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            }
        });
    }

    private static String qualified(SearchResponse.HitJson h) {
        String name = h.view().isEmpty() ? h.name() : h.view() + ":" + h.name();
        return h.project().isEmpty() ? name : h.project() + "/" + name;
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= DESCRIPTION_WIDTH ? oneLine : oneLine.substring(0, DESCRIPTION_WIDTH - 3) + "...";
    }
}
