package dev.granary.health.log;

import static java.util.Objects.requireNonNull;

import dev.granary.client.lookup.FeaturePlan;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.LoggingSpec;
import dev.granary.spec.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A feature service whose lookups are logged, as prepared once per spec version: its sample rate and folder, the
 * entity key columns and the served features with their types (null where only the data tells: the
 * {@code SUM}, {@code MIN} and {@code MAX} of a column of unknown type).
 */
public record LoggedService(String project, String service, int specVersion, LoggingSpec logging, List<Column> keys,
                            List<String> features, List<ValueType> types) {
    public LoggedService {
        requireNonNull(project, "project is null");
        requireNonNull(service, "service is null");
        requireNonNull(logging, "logging is null");
        keys = List.copyOf(keys);
        features = List.copyOf(features);
        types = java.util.Collections.unmodifiableList(new ArrayList<>(types));
        if (features.size() != types.size()) {
            throw new IllegalArgumentException(features.size() + " features but " + types.size() + " types");
        }
    }

    /** The logged form of {@code service} served with {@code plan} at spec version {@code specVersion}. */
    public static LoggedService of(String service, int specVersion, LoggingSpec logging, FeaturePlan plan) {
        List<Column> keys = new ArrayList<>();
        for (Map.Entry<String, ValueType> key : plan.joinKeys().entrySet()) {
            keys.add(new Column(key.getKey(), key.getValue() == ValueType.INT32 ? ValueType.INT64 : key.getValue()));
        }
        List<ValueType> types = new ArrayList<>();
        int[] groupOf = plan.groupOf();
        for (int i = 0; i < plan.refs().size(); i++) {
            FeatureRef ref = plan.refs().get(i);
            types.add(typeOf(plan.groups().get(groupOf[i]).view(), ref.feature()));
        }
        return new LoggedService(plan.project(), service, specVersion, logging, keys, plan.outputNames(), types);
    }

    private static ValueType typeOf(FeatureViewSpec view, String feature) {
        return view.feature(feature).map(f -> f.type()).orElseGet(() -> {
            AggregationSpec aggregation = view.aggregation(feature).orElseThrow();
            return aggregation.function() == AggregationFunction.COUNT ? ValueType.INT64
                    : aggregation.function() == AggregationFunction.MEAN ? ValueType.FLOAT64 : null;
        });
    }
}
