package dev.granary.health;

import static dev.granary.registry.db.Tables.TRAINING_SETS;
import static dev.granary.registry.db.Tables.VIEW_WATERMARKS;

import dev.granary.registry.RegistrySql;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.Record;

/** What a health check reads from the registry database: recorded training sets and view watermarks. */
public final class HealthRecords {
    private final RegistrySql sql;

    public HealthRecords(DataSource registryDatabase) {
        this.sql = new RegistrySql(registryDatabase);
    }

    /** The training set {@code id}, if recorded. */
    public Optional<RecordedTrainingSet> trainingSet(String id) {
        return sql.guard("read training set " + id, () -> sql.db().selectFrom(TRAINING_SETS)
                .where(TRAINING_SETS.ID.eq(id)).fetchOptional().map(HealthRecords::trainingSet));
    }

    /** The newest training set of {@code project} holding exactly {@code features} (in any order). */
    public Optional<RecordedTrainingSet> latestWithFeatures(String project, List<String> features) {
        HashSet<String> wanted = new HashSet<>(features);
        return sql.guard("read the training sets of project " + project, () -> sql.db().selectFrom(TRAINING_SETS)
                .where(TRAINING_SETS.PROJECT.eq(project))
                .orderBy(TRAINING_SETS.CREATED_AT.desc(), TRAINING_SETS.ID)
                .fetch().stream().map(HealthRecords::trainingSet)
                .filter(t -> new HashSet<>(t.features()).equals(wanted))
                .findFirst());
    }

    /** How far {@code materialize-incremental} brought {@code view} online, if it ever ran. */
    public Optional<Instant> watermark(String project, String view) {
        return sql.guard("read the watermark of view " + view, () -> Optional.ofNullable(sql.db()
                        .select(VIEW_WATERMARKS.WATERMARK).from(VIEW_WATERMARKS)
                        .where(VIEW_WATERMARKS.PROJECT.eq(project)).and(VIEW_WATERMARKS.VIEW_NAME.eq(view))
                        .fetchOne(VIEW_WATERMARKS.WATERMARK))
                .map(OffsetDateTime::toInstant));
    }

    private static RecordedTrainingSet trainingSet(Record r) {
        String features = r.get(TRAINING_SETS.FEATURES);
        return new RecordedTrainingSet(r.get(TRAINING_SETS.ID), r.get(TRAINING_SETS.PROJECT),
                r.get(TRAINING_SETS.SPEC_VERSION), features.isEmpty() ? List.of() : List.of(features.split(",")),
                Path.of(r.get(TRAINING_SETS.OUTPUT_PATH)), r.get(TRAINING_SETS.CREATED_AT).toInstant());
    }
}
