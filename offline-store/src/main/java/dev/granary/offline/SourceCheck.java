package dev.granary.offline;

import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.SpecError;
import dev.granary.spec.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/** The data checks of {@code plan}/{@code apply}: every source and view column against the Parquet schemas. */
final class SourceCheck {
    private final RepoSpec spec;
    private final Path root;
    private final List<SpecError> errors = new ArrayList<>();

    SourceCheck(RepoSpec spec, Path root) {
        this.spec = spec;
        this.root = root;
    }

    List<SpecError> run() {
        for (SourceSpec source : spec.sources()) {
            Optional<MessageType> schema = schema(source);
            if (schema.isEmpty()) {
                continue;
            }
            String where = "sources[" + source.name() + "]";
            timestamp(schema.get(), source.timestampField(), where + ".timestampField", source);
            source.createdTimestamp().ifPresent(c -> timestamp(schema.get(), c, where + ".createdTimestampField", source));
            for (FeatureViewSpec view : spec.featureViews()) {
                if (view.source().equals(source.name())) {
                    view(view, schema.get(), source);
                }
            }
        }
        return List.copyOf(errors);
    }

    private Optional<MessageType> schema(SourceSpec source) {
        String where = "sources[" + source.name() + "].path";
        Path path = SourceFiles.resolve(source, root);
        if (!Files.exists(path)) {
            errors.add(new SpecError(where, "'" + source.path() + "' does not exist",
                    "create it or fix the path (relative paths resolve against offline.root)"));
            return Optional.empty();
        }
        try {
            List<Path> files = SourceFiles.of(source, root);
            if (files.isEmpty()) {
                errors.add(new SpecError(where, "folder '" + source.path() + "' holds no .parquet files",
                        "add Parquet files to the folder or point the path at a file"));
                return Optional.empty();
            }
            return Optional.of(ParquetScan.schemaOf(files.get(0)));
        } catch (OfflineStoreException e) {
            errors.add(new SpecError(where, e.getMessage(), "point the path at Parquet data"));
            return Optional.empty();
        }
    }

    private void timestamp(MessageType schema, String column, String where, SourceSpec source) {
        Optional<ValueType> type = type(schema, column);
        if (!schema.containsField(column)) {
            errors.add(new SpecError(where, "column '" + column + "' is missing from source '" + source.name()
                    + "' (columns: " + names(schema) + ")", "name an existing timestamp column"));
        } else if (type.orElse(null) != ValueType.TIMESTAMP) {
            errors.add(new SpecError(where, "column '" + column + "' of source '" + source.name() + "' is "
                    + type.map(Enum::name).orElse(schema.getType(column).toString()) + ", not a timestamp",
                    "store it as a Parquet TIMESTAMP or name another column"));
        }
    }

    private void view(FeatureViewSpec view, MessageType schema, SourceSpec source) {
        String where = "featureViews[" + view.name() + "]";
        for (String entityName : view.entities()) {
            EntitySpec entity = spec.entity(entityName).orElse(null);
            if (entity == null) {
                continue; // the spec validator reports unknown entities
            }
            for (JoinKey key : entity.joinKeys()) {
                column(schema, key.name(), key.type(), where + ".entities[" + entityName + "]",
                        "join key '" + key.name() + "'", source, true);
            }
        }
        for (FeatureSpec f : view.features()) {
            column(schema, f.sourceColumn(), f.type(), where + ".features[" + f.name() + "]",
                    "feature '" + f.name() + "'", source, false);
        }
        for (AggregationSpec a : view.aggregations()) {
            String at = where + ".aggregations[" + a.name() + "].column";
            Optional<ValueType> type = type(schema, a.column());
            if (!schema.containsField(a.column())) {
                errors.add(new SpecError(at, "column '" + a.column() + "' is missing from source '" + source.name()
                        + "' (columns: " + names(schema) + ")", "name an existing column"));
            } else if (type.isEmpty() || a.function().resultType(type.get()).isEmpty()) {
                errors.add(new SpecError(at, a.function() + " does not fit column '" + a.column() + "' of type "
                        + type.map(Enum::name).orElse("unsupported"), "use COUNT or a numeric column"));
            }
        }
    }

    private void column(MessageType schema, String column, ValueType declared, String where, String what,
                        SourceSpec source, boolean key) {
        if (!schema.containsField(column)) {
            errors.add(new SpecError(where, what + " reads column '" + column + "', which source '" + source.name()
                    + "' lacks (columns: " + names(schema) + ")", "add the column or map the feature to an existing one"));
            return;
        }
        Optional<ValueType> actual = type(schema, column);
        boolean ok = actual.isPresent() && (ParquetTypes.compatible(declared, actual.get())
                || (key && declared.isIntegral() && actual.get().isIntegral()));
        if (!ok) {
            errors.add(new SpecError(where + (key ? "" : ".type"), what + " is declared " + declared + " but column '"
                    + column + "' of source '" + source.name() + "' is " + actual.map(Enum::name).orElse("unsupported"),
                    actual.map(a -> "declare it " + a + " or convert the column").orElse("convert the column to a scalar type")));
        }
    }

    private static Optional<ValueType> type(MessageType schema, String column) {
        return schema.containsField(column) ? ParquetTypes.valueType(schema.getType(column)) : Optional.empty();
    }

    private static List<String> names(MessageType schema) {
        return schema.getFields().stream().map(Type::getName).toList();
    }
}
