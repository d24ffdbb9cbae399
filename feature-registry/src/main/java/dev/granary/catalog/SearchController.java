package dev.granary.catalog;

import dev.granary.config.GranaryConfig;
import dev.granary.error.BadRequestException;

import dev.granary.search.Facet;
import dev.granary.registry.Registry;
import dev.granary.registry.VersionDetail;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/search?q=&type=&kind=&value_type=&owner=&tag=&entity=&project=&limit=&offset=}: ranked hits
 * with facet counts ({@link SearchResponse}). A filter parameter may repeat (values OR-ed); a bad value or page
 * is a 400 naming the parameter.
 */
@RestController
class SearchController {
    /** More words than this make Lucene's query too deep (TooManyNestedClauses); no real search needs them. */
    static final int MAX_WORDS = 64;
    private final CatalogSync catalog;
    private final GranaryConfig config;
    private final Registry registry;

    SearchController(CatalogSync catalog, GranaryConfig config, Registry registry) {
        this.catalog = catalog;
        this.config = config;
        this.registry = registry;
    }

    @GetMapping(path = "/api/v1/search", produces = MediaType.APPLICATION_JSON_VALUE)
    SearchResponse search(@RequestParam(name = "q", required = false) String q,
                          @RequestParam(required = false) List<String> type,
                          @RequestParam(required = false) List<String> kind,
                          @RequestParam(name = "value_type", required = false) List<String> valueType,
                          @RequestParam(required = false) List<String> owner,
                          @RequestParam(required = false) List<String> tag,
                          @RequestParam(required = false) List<String> entity,
                          @RequestParam(required = false) List<String> project,
                          @RequestParam(required = false) Integer limit,
                          @RequestParam(required = false) Integer offset) {
        checkText(q);
        Map<Facet, List<String>> filters = new EnumMap<>(Facet.class);
        put(filters, Facet.TYPE, type);
        put(filters, Facet.KIND, kind);
        put(filters, Facet.VALUE_TYPE, valueType);
        put(filters, Facet.OWNER, owner);
        put(filters, Facet.TAG, tag);
        put(filters, Facet.ENTITY, entity);
        put(filters, Facet.PROJECT, readable(project));
        return SearchResponse.of(catalog.search(new SearchParameters(q, filters, limit, offset).toQuery()),
                restrictions());
    }

    /** Reads each project's current spec once per search, to mark its restricted hits. */
    private SearchResponse.Restrictions restrictions() {
        Map<String, Optional<RepoSpec>> specs = new HashMap<>();
        return (project, view, feature) -> specs.computeIfAbsent(project,
                        p -> registry.current(p).map(VersionDetail::spec))
                .map(spec -> feature == null
                        ? spec.featureView(view).map(FeatureViewSpec::restrictsAll).orElse(false)
                        : spec.restricted(view, feature))
                .orElse(false);
    }

    private void checkText(String q) {
        if (q == null) {
            return;
        }
        int most = config.limits().maxSearchQueryLength();
        if (q.length() > most) {
            throw new BadRequestException("q", "The search text has " + q.length() + " characters; the most is"
                    + " limits.maxSearchQueryLength = " + most);
        }
        if (!q.isBlank() && q.trim().split("\\s+").length > MAX_WORDS) {
            throw new BadRequestException("q", "The search text has more than " + MAX_WORDS + " words; search with"
                    + " fewer, more telling words");
        }
    }

    /**
     * A project token searches its own project only: the filter is set to it (asking for another is refused), so
     * neither hits nor facet counts show other projects.
     */
    private static List<String> readable(List<String> asked) {
        dev.granary.security.Caller caller = dev.granary.security.AccessInterceptor.current();
        String own = caller.token().map(dev.granary.security.ApiToken::project)
                .filter(p -> !p.equals(dev.granary.security.ApiToken.ALL_PROJECTS)).orElse(null);
        if (own == null) {
            return asked;
        }
        if (asked != null) {
            asked.forEach(p -> caller.require(p, dev.granary.security.Role.READER));
        }
        return List.of(own);
    }

    private static void put(Map<Facet, List<String>> filters, Facet facet, List<String> values) {
        if (values != null) {
            filters.put(facet, values);
        }
    }
}
