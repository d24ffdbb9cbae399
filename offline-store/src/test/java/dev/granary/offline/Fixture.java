package dev.granary.offline;

import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds small repositories and tables for the offline tests. */
final class Fixture {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static List<Object[]> rows(Object[]... rows) {
        return new ArrayList<>(Arrays.asList(rows));
    }

    static Object[] row(Object... values) {
        return values;
    }

    static EntitySpec driver() {
        return new EntitySpec("driver", List.of(new JoinKey("driver_id", ValueType.INT64)), "");
    }

    static SourceSpec source(String name, String path, boolean created) {
        return new SourceSpec(name, path, "event_timestamp", created ? "created" : null);
    }

    static FeatureViewSpec view(String name, String source, List<String> entities, long ttl, List<FeatureSpec> features,
                                List<AggregationSpec> aggs) {
        return new FeatureViewSpec(name, entities, source, ttl, true, features, aggs, "", null, "");
    }

    static RepoSpec repo(List<EntitySpec> entities, List<SourceSpec> sources, List<FeatureViewSpec> views) {
        return new RepoSpec("test", entities, sources, views, List.of());
    }

    static List<Column> cols(Object... nameTypePairs) {
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            out.add(new Column((String) nameTypePairs[i], (ValueType) nameTypePairs[i + 1]));
        }
        return out;
    }

    /** The values of one output column, in row order. */
    static List<Object> column(ParquetTables.Table table, String name) {
        int c = table.columnIndex(name);
        List<Object> out = new ArrayList<>();
        table.rows().forEach(r -> out.add(r[c]));
        return out;
    }
}
