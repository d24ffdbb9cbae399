package dev.granary.catalog;

import static dev.granary.registry.db.Tables.FEATURE_USAGE;

import dev.granary.registry.RegistrySql;
import dev.granary.spec.FeatureRef;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads {@code feature_usage} (written by {@link dev.granary.usage.FeatureUsage}): exports and online lookups per
 * feature.
 */
final class UsageCounts {
    /** Exports and lookups of one feature. */
    record Counts(long exports, long lookups) {
        static final Counts NONE = new Counts(0, 0);
    }

    private final RegistrySql sql;

    UsageCounts(DataSource registryDatabase) {
        this.sql = new RegistrySql(registryDatabase);
    }

    Map<FeatureRef, Counts> of(String project) {
        return sql.guard("read feature usage", () -> {
            Map<FeatureRef, Counts> out = new HashMap<>();
            sql.db().select(FEATURE_USAGE.VIEW_NAME, FEATURE_USAGE.FEATURE, FEATURE_USAGE.EXPORTS, FEATURE_USAGE.LOOKUPS)
                    .from(FEATURE_USAGE).where(FEATURE_USAGE.PROJECT.eq(project))
                    .forEach(r -> out.put(new FeatureRef(r.value1(), r.value2()), new Counts(r.value3(), r.value4())));
            return out;
        });
    }
}
