package dev.granary.client.lookup;

import static java.util.Objects.requireNonNull;

import dev.granary.online.ReadRow;
import java.util.List;

/**
 * The answer to one online lookup.
 *
 * @param entityNames   the request's entity columns, in request order
 * @param entityColumns per entity column, its values as given (one per row)
 * @param featureNames  the output names of the features, in request order
 * @param rows          per request row, one value per feature name (as read: decoded when asked)
 */
public record LookupResult(List<String> entityNames, List<List<Object>> entityColumns, List<String> featureNames,
                           List<ReadRow> rows) {
    public LookupResult {
        entityNames = List.copyOf(entityNames);
        entityColumns = List.copyOf(requireNonNull(entityColumns, "entityColumns is null"));
        featureNames = List.copyOf(featureNames);
        rows = List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }
}
