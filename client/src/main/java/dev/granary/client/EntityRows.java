package dev.granary.client;

import dev.granary.client.error.LookupRejectedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns row-wise entity maps into the column-wise form of the online API. */
final class EntityRows {
    private EntityRows() {
    }

    static Map<String, List<Object>> columns(List<Map<String, Object>> rows) {
        if (rows == null || rows.isEmpty()) {
            throw new LookupRejectedException("entities", "Give at least one entity row");
        }
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        for (String key : rows.getFirst().keySet()) {
            columns.put(key, new ArrayList<>(rows.size()));
        }
        for (int r = 0; r < rows.size(); r++) {
            Map<String, Object> row = rows.get(r);
            if (!row.keySet().equals(columns.keySet())) {
                throw new LookupRejectedException("entities", "Entity row " + r + " names "
                        + row.keySet() + " but row 0 names " + columns.keySet() + "; give every row the same keys");
            }
            for (Map.Entry<String, Object> value : row.entrySet()) {
                columns.get(value.getKey()).add(value.getValue());
            }
        }
        return columns;
    }
}
