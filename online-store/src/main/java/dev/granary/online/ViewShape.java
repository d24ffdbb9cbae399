package dev.granary.online;

import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.ValueType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * What both stores need to know about a view: its valid names, the type of each feature and the 4-byte field id
 * each feature is stored under (CRC32C of its name; a clash inside one view is refused, never silently merged).
 */
final class ViewShape {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    // keyed by identity: a lookup passes the same spec object every time, and hashing a whole view spec (every
    // feature, tag and description) on each read cost more than the read's own decoding
    private static final Map<Identity, ViewShape> CACHE = new ConcurrentHashMap<>();

    private record Identity(Object object) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity that && that.object == object;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(object);
        }
    }

    final FeatureViewSpec view;
    private final Map<String, byte[]> ids = new HashMap<>();
    private final Map<String, ValueType> declaredTypes = new HashMap<>();
    private final Map<Identity, int[]> wanted = new ConcurrentHashMap<>();

    private ViewShape(FeatureViewSpec view) {
        this.view = view;
        Map<Integer, String> seen = new HashMap<>();
        for (String feature : view.featureNames()) {
            int id = fieldId(feature);
            String clash = seen.putIfAbsent(id, feature);
            if (clash != null && !clash.equals(feature)) {
                throw new InvalidOnlineRequestException("features '" + clash + "' and '" + feature + "' of view '"
                        + view.name() + "' hash to the same online field id; rename one of them");
            }
            ids.put(feature, ByteBuffer.allocate(4).putInt(id).array());
        }
        view.features().forEach(f -> declaredTypes.put(f.name(), f.type()));
    }

    static ViewShape of(FeatureViewSpec view) {
        if (CACHE.size() > 10_000) {
            CACHE.clear();
        }
        return CACHE.computeIfAbsent(new Identity(view), key -> new ViewShape(view));
    }

    /** As {@link #fieldIds} as ints, remembered per list object (a serving plan reads with the same list each time). */
    int[] wantedIds(List<String> featureNames) {
        Identity key = new Identity(featureNames);
        int[] ids = wanted.get(key);
        if (ids == null) {
            ids = RowCodec.asInts(fieldIds(featureNames));
            if (wanted.size() > 1_000) {
                wanted.clear();
            }
            wanted.put(key, ids);
        }
        return ids;
    }

    static String checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidOnlineRequestException(what + " name '" + name
                    + "' is not valid for the online store; use letters, digits, '_', '.' or '-'");
        }
        return name;
    }

    /** The field ids of the given features, checking each belongs to the view. */
    byte[][] fieldIds(List<String> featureNames) {
        if (featureNames.isEmpty()) {
            throw new InvalidOnlineRequestException("no features named for view '" + view.name() + "'; name at least one");
        }
        byte[][] out = new byte[featureNames.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.get(featureNames.get(i));
            if (out[i] == null) {
                throw new InvalidOnlineRequestException("view '" + view.name() + "' has no feature '"
                        + featureNames.get(i) + "'; its features are " + view.featureNames());
            }
        }
        return out;
    }

    /** Whether the names cover every feature of the view (a write of them replaces the stored row whole). */
    boolean coversAllFeatures(List<String> featureNames) {
        return featureNames.size() >= ids.size() && new java.util.HashSet<>(featureNames).containsAll(ids.keySet());
    }

    /** The declared type of a plain feature; for an aggregation, the type its value shows (see the function). */
    ValueType typeOf(String feature, Object value) {
        ValueType declared = declaredTypes.get(feature);
        if (declared != null) {
            return declared;
        }
        AggregationSpec agg = view.aggregation(feature).orElseThrow();
        if (agg.function() == AggregationFunction.MEAN) {
            return ValueType.FLOAT64;
        }
        return switch (value) {
            case null -> ValueType.FLOAT64;
            case Long l -> ValueType.INT64;
            case Integer i -> ValueType.INT64;
            case Short s -> ValueType.INT64;
            case Byte b -> ValueType.INT64;
            case Float f -> ValueType.FLOAT64;
            case Double d -> ValueType.FLOAT64;
            case java.time.Instant t -> ValueType.TIMESTAMP;
            default -> throw new InvalidOnlineRequestException("aggregation '" + feature + "' of view '" + view.name()
                    + "' got a " + value.getClass().getSimpleName() + "; aggregations hold numbers or timestamps");
        };
    }

    private static int fieldId(String feature) {
        CRC32C crc = new CRC32C();
        crc.update(feature.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
