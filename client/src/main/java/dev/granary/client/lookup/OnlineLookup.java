package dev.granary.client.lookup;

import static java.util.Objects.requireNonNull;

import dev.granary.client.error.LookupFailedException;
import dev.granary.client.error.LookupRejectedException;
import dev.granary.online.EntityKey;
import dev.granary.online.InvalidOnlineRequestException;
import dev.granary.online.OnlineStore;
import dev.granary.online.OnlineStoreException;
import dev.granary.online.ReadRow;
import dev.granary.online.ViewRead;
import dev.granary.spec.TypedValues;
import dev.granary.spec.ValueMismatchException;
import dev.granary.spec.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link FeaturePlan} for column-wise entity rows against an online store: checks the entity columns,
 * builds one {@link ViewRead} per view and reads them all in one store call (one round trip on Redis).
 *
 * <p>Failures: {@link LookupRejectedException} naming the field ({@code entities}, {@code entities.driver_id},
 * {@code entities.driver_id[3]}) when a join key is missing, columns differ in length or a key value has the wrong
 * type; {@link LookupFailedException} when the store fails.
 */
public final class OnlineLookup {
    /** Most entity rows in one lookup: keeps one request from holding the store for long. */
    public static final int MAX_ROWS = 10_000;

    private final OnlineStore store;

    public OnlineLookup(OnlineStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** Looks up {@code plan}'s features for the rows of {@code entities} (column name → values, request order). */
    public LookupResult lookup(FeaturePlan plan, Map<String, List<Object>> entities, Instant now) {
        if (entities == null || entities.isEmpty()) {
            throw new LookupRejectedException("entities", "Give the entity keys in 'entities' as column lists, e.g."
                    + " {\"driver_id\": [1001, 1002]}; the features need " + plan.joinKeys().keySet());
        }
        int rows = -1;
        String first = null;
        for (Map.Entry<String, List<Object>> column : entities.entrySet()) {
            if (column.getValue() == null) {
                throw new LookupRejectedException("entities." + column.getKey(), "Entity column '" + column.getKey()
                        + "' is null; give a list of values");
            }
            if (rows < 0) {
                rows = column.getValue().size();
                first = column.getKey();
            } else if (column.getValue().size() != rows) {
                throw new LookupRejectedException("entities." + column.getKey(), "Entity column '" + column.getKey()
                        + "' has " + column.getValue().size() + " values but '" + first + "' has " + rows
                        + "; give every entity column the same number of values");
            }
        }
        if (rows == 0) {
            throw new LookupRejectedException("entities", "The entity columns are empty; give at least one row");
        }
        if (rows > MAX_ROWS) {
            throw new LookupRejectedException("entities", rows + " entity rows in one request; the most is " + MAX_ROWS
                    + ", split the request");
        }
        for (Map.Entry<String, ValueType> key : plan.joinKeys().entrySet()) {
            if (!entities.containsKey(key.getKey())) {
                throw new LookupRejectedException("entities." + key.getKey(), "Join key '" + key.getKey()
                        + "' is missing from 'entities'; the requested features need " + plan.joinKeys().keySet());
            }
        }
        List<Object[]> keyColumns = new ArrayList<>();
        for (Map.Entry<String, ValueType> key : plan.joinKeys().entrySet()) {
            keyColumns.add(convertColumn(key.getKey(), key.getValue(), entities.get(key.getKey())));
        }
        List<String> keyOrder = new ArrayList<>(plan.joinKeys().keySet());
        List<ViewRead> reads = new ArrayList<>(plan.groups().size());
        for (FeaturePlan.ViewGroup group : plan.groups()) {
            int[] columns = group.keyNames().stream().mapToInt(keyOrder::indexOf).toArray();
            List<EntityKey> keys = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                Object[] values = new Object[columns.length];
                for (int k = 0; k < columns.length; k++) {
                    values[k] = keyColumns.get(columns[k])[r];
                }
                keys.add(new EntityKey(java.util.Arrays.asList(values)));
            }
            reads.add(new ViewRead(group.view(), group.features(), keys));
        }
        List<ReadRow> stored = read(plan.project(), reads, now);
        List<String> entityNames = List.copyOf(entities.keySet());
        if (plan.inStoredOrder()) {
            // one view, its features asked for in the order read: the store's rows are the answer's rows
            return new LookupResult(entityNames, entityColumns(entities), plan.outputNames(), stored);
        }
        int[] order = plan.storedPositions();
        List<ReadRow> out = new ArrayList<>(rows);
        for (ReadRow row : stored) {
            out.add(row.select(order));
        }
        return new LookupResult(entityNames, entityColumns(entities), plan.outputNames(), out);
    }

    private static List<List<Object>> entityColumns(Map<String, List<Object>> entities) {
        return entities.values().stream().map(v -> (List<Object>) java.util.Collections.unmodifiableList(v)).toList();
    }

    private List<ReadRow> read(String project, List<ViewRead> reads, Instant now) {
        try {
            return store.read(project, reads, now);
        } catch (InvalidOnlineRequestException e) {
            throw new LookupRejectedException("features", e.getMessage());
        } catch (OnlineStoreException e) {
            throw new LookupFailedException("The online store failed: " + e.getMessage(), e);
        }
    }

    /** A key column in its key's type ({@link TypedValues}: INT32 and INT64 keys as Long, range-checked). */
    private static Object[] convertColumn(String name, ValueType type, List<Object> values) {
        if (type != ValueType.INT32 && type != ValueType.INT64 && type != ValueType.STRING) {
            throw new LookupRejectedException("entities." + name, "Join key '" + name + "' has type " + type
                    + ", which online lookups do not support; use an INT64 or STRING key");
        }
        Object[] out = new Object[values.size()];
        for (int r = 0; r < out.length; r++) {
            Object v = values.get(r);
            if (v instanceof Long && type == ValueType.INT64 || v instanceof String && type == ValueType.STRING) {
                out[r] = v; // the common case, already right
                continue;
            }
            if (v == null) {
                throw new LookupRejectedException(field(name, r), "Join key '" + name + "' is " + type + " but row "
                        + r + " holds null; give " + (type == ValueType.STRING ? "a string" : "an integer"));
            }
            try {
                Object typed = TypedValues.of(type, v, false);
                out[r] = typed instanceof Integer i ? (Object) i.longValue() : typed;
            } catch (ValueMismatchException e) {
                throw new LookupRejectedException(field(name, r), "Join key '" + name + "' is " + type + " but row "
                        + r + " " + e.getMessage());
            }
        }
        return out;
    }

    /** {@code entities.driver_id[3]}: built only for an error, not for every row. */
    private static String field(String name, int row) {
        return "entities." + name + "[" + row + "]";
    }
}
