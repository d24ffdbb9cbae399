package dev.granary.export;

import static dev.granary.registry.db.Tables.TRAINING_SETS;

import dev.granary.registry.RegistrySql;
import dev.granary.spec.FeatureRef;
import dev.granary.usage.FeatureUsage;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * Records exports in the registry: one {@code training_sets} row each and, in the same transaction, one export
 * more per feature used ({@link FeatureUsage}).
 */
final class TrainingSetLog {
    private final RegistrySql sql;
    private final FeatureUsage usage;

    TrainingSetLog(DataSource dataSource) {
        this.sql = new RegistrySql(dataSource);
        this.usage = new FeatureUsage(dataSource);
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
            usage.addExport(db, set.project(), refs);
            return refs.size();
        }));
    }
}
