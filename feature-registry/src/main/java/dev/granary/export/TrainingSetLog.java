package dev.granary.export;

import static dev.granary.registry.db.Tables.TRAINING_SETS;

import dev.granary.registry.RegistrySql;
import dev.granary.spec.FeatureRef;
import dev.granary.usage.FeatureUsage;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * Records exports in the registry: one {@code training_sets} row each and, in the same transaction, one export
 * more per feature used ({@link FeatureUsage}).
 */
final class TrainingSetLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RegistrySql sql;
    private final FeatureUsage usage;

    TrainingSetLog(DataSource dataSource) {
        this.sql = new RegistrySql(dataSource);
        this.usage = new FeatureUsage(dataSource);
    }

    void record(TrainingSet set, List<FeatureRef> refs, RecordedExport recorded) {
        String json;
        try {
            json = JSON.writeValueAsString(recorded);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the recorded export as JSON", e);
        }
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
                    .set(TRAINING_SETS.REQUEST_JSON, json)
                    .execute();
            usage.addExport(db, set.project(), refs);
            return refs.size();
        }));
    }

    /** A recorded training set of {@code project}: its spec version and, when recorded, how to replay it. */
    record Found(String id, int specVersion, RecordedExport export) {
    }

    List<RecordedTrainingSet> list(String project, int limit) {
        return sql.guard("list training sets of " + project, () -> sql.db()
                .selectFrom(TRAINING_SETS)
                .where(TRAINING_SETS.PROJECT.eq(project))
                .orderBy(TRAINING_SETS.CREATED_AT.desc(), TRAINING_SETS.ID)
                .limit(limit)
                .fetch(r -> new RecordedTrainingSet(r.getId(), r.getProject(), r.getSpecVersion(),
                        List.of(r.getFeatures().split(",")), r.getRowCount(), r.getOutputPath(),
                        r.getCreatedAt().toInstant())));
    }

    Optional<Found> find(String project, String id) {
        return sql.guard("read training set " + id, () -> sql.db()
                .select(TRAINING_SETS.SPEC_VERSION, TRAINING_SETS.REQUEST_JSON)
                .from(TRAINING_SETS)
                .where(TRAINING_SETS.PROJECT.eq(project).and(TRAINING_SETS.ID.eq(id)))
                .fetchOptional(r -> new Found(id, r.value1(), parse(r.value2()))));
    }

    private static RecordedExport parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, RecordedExport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the recorded export is not readable JSON: " + e.getOriginalMessage(), e);
        }
    }
}
