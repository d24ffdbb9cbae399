package dev.granary.spec.validation;

import dev.granary.spec.EntitySpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.PushSourceSpec;
import dev.granary.spec.SourceSpec;
import java.util.List;

/** Rules for the project name, entities and sources. */
final class CatalogRules {
    private CatalogRules() {
    }

    static void check(RepoSpec spec, Problems problems) {
        problems.checkName("project", "project", spec.project());
        entities(spec.entities(), problems);
        sources(spec.sources(), problems);
        pushSources(spec, problems);
    }

    private static void entities(List<EntitySpec> entities, Problems problems) {
        Duplicates names = new Duplicates();
        for (int i = 0; i < entities.size(); i++) {
            EntitySpec entity = entities.get(i);
            String path = problems.checkDeclared("entities", "entity", entity.name(), i, names);
            if (entity.joinKeys().isEmpty()) {
                problems.add(path + ".joinKeys", "entity '" + entity.name() + "' has no join key",
                        "add a typed join key, such as {\"name\": \"" + entity.name() + "_id\", \"type\": \"INT64\"}");
            }
            Duplicates keys = new Duplicates();
            for (int k = 0; k < entity.joinKeys().size(); k++) {
                JoinKey key = entity.joinKeys().get(k);
                String keyPath = Problems.element(path + ".joinKeys", key.name(), k);
                problems.checkName(keyPath + ".name", "join key", key.name());
                if (keys.seen(key.name(), keyPath) != null) {
                    problems.add(keyPath, "join key '" + key.name() + "' appears twice in entity '" + entity.name()
                            + "'", "remove the duplicate key");
                }
            }
        }
    }

    private static void pushSources(RepoSpec spec, Problems problems) {
        Duplicates names = new Duplicates();
        for (int i = 0; i < spec.pushSources().size(); i++) {
            PushSourceSpec push = spec.pushSources().get(i);
            String path = problems.checkDeclared("pushSources", "push source", push.name(), i, names);
            if (spec.source(push.batchSource()).isEmpty()) {
                problems.add(path + ".batchSource", "push source '" + push.name() + "' names batch source '"
                        + push.batchSource() + "', which is not declared", "name one of the sources "
                        + spec.sources().stream().map(SourceSpec::name).toList());
            }
        }
    }

    private static void sources(List<SourceSpec> sources, Problems problems) {
        Duplicates names = new Duplicates();
        for (int i = 0; i < sources.size(); i++) {
            SourceSpec source = sources.get(i);
            String path = problems.checkDeclared("sources", "source", source.name(), i, names);
            if (!SourceSpec.PARQUET.equals(source.type())) {
                problems.add(path + ".type", "source type '" + source.type() + "' is not supported",
                        "use \"parquet\" (the only source type so far)");
            }
            if (source.path().isBlank()) {
                problems.add(path + ".path", "source '" + source.name() + "' has an empty path",
                        "set the path of a Parquet file or folder, such as \"data/" + source.name() + ".parquet\"");
            }
            if (source.timestampField().isBlank()) {
                problems.add(path + ".timestampField", "source '" + source.name() + "' has an empty timestamp field",
                        "name its event timestamp column, such as \"event_timestamp\"");
            }
            if (source.timestampField().equals(source.createdTimestampField())) {
                problems.add(path + ".createdTimestampField", "the created timestamp of source '" + source.name()
                        + "' is its event timestamp column", "name another column, or leave it out");
            }
        }
    }
}
