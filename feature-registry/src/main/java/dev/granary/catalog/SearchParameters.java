package dev.granary.catalog;

import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import dev.granary.search.Facet;
import dev.granary.search.InvalidSearchQueryException;
import dev.granary.search.SearchQuery;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A search as the REST API and the CLI receive it: free text, filter values per facet (several values of one
 * facet are OR-ed), an optional page. {@link #toQuery()} checks it.
 */
public record SearchParameters(String text, Map<Facet, List<String>> filters, Integer limit, Integer offset) {
    public SearchParameters {
        text = text == null ? "" : text;
        requireNonNull(filters, "filters is null");
        filters = Map.copyOf(filters);
    }

    /**
     * The checked query.
     *
     * @throws BadRequestException naming the parameter ({@code limit}, {@code offset}, {@code type}, {@code kind},
     *                             ...) when it is out of range or not a known value
     */
    public SearchQuery toQuery() {
        Map<Facet, Set<String>> checked = new EnumMap<>(Facet.class);
        filters.forEach((facet, values) -> {
            if (values != null && !values.isEmpty()) {
                checked.put(facet, new LinkedHashSet<>(values));
            }
        });
        try {
            return new SearchQuery(text, checked, limit == null ? SearchQuery.DEFAULT_LIMIT : limit,
                    offset == null ? 0 : offset);
        } catch (InvalidSearchQueryException e) {
            throw new BadRequestException(e.field(), e.getMessage());
        }
    }
}
