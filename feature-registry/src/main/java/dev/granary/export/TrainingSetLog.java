package dev.granary.export;

import static dev.granary.registry.db.Tables.FEATURE_USAGE;
import static dev.granary.registry.db.Tables.TRAINING_SETS;

import dev.granary.registry.RegistrySql;
import dev.granary.spec.FeatureRef;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/** Records exports in the registry: one {@code training_sets} row each, and one export more per feature used. */
final class TrainingSetLog {
    private final RegistrySql sql;

    TrainingSetLog(DataSource dataSource) {
        this.sql = new RegistrySql(dataSource);
    }

    void record(TrainingSet set, List<FeatureRef> refs) {
        sql.guard("record training set " + set.id(), () -> sql.db().transactionResult(tx -> {
            DSLContext db = tx.dsl();
            db.insertInto(TRAINING_SETS)
                    .set(TRAINING_SETS.ID, set.id())
                    .set(TRAINING_SETS.PROJECT, set.project())
                    .set(TRAINING_SETS.SPEC_VERSION, set.specVersion())
                    .set(TRAINING_SETS.FEATURES, String.join(",", set.features()))
                    .set(TRAINING_SETS.ENTITY_FINGERPRINT, set.inputFingerprint())
                    .set(TRAINING_SETS.ROW_COUNT, set.rowCount())
                    .set(TRAINING_SETS.OUTPUT_PATH, set.output().toString())
                    .set(TRAINING_SETS.CREATED_AT, set.createdAt().atOffset(ZoneOffset.UTC))
                    .execute();
            for (FeatureRef ref : refs) {
                db.insertInto(FEATURE_USAGE)
                        .set(FEATURE_USAGE.PROJECT, set.project())
                        .set(FEATURE_USAGE.VIEW_NAME, ref.view())
                        .set(FEATURE_USAGE.FEATURE, ref.feature())
                        .set(FEATURE_USAGE.EXPORTS, 1L)
                        .set(FEATURE_USAGE.LOOKUPS, 0L)
                        .onConflict(FEATURE_USAGE.PROJECT, FEATURE_USAGE.VIEW_NAME, FEATURE_USAGE.FEATURE)
                        .doUpdate().set(FEATURE_USAGE.EXPORTS, FEATURE_USAGE.EXPORTS.plus(1L))
                        .execute();
            }
            return refs.size();
        }));
    }
}
