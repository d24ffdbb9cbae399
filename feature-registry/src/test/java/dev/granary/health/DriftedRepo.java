package dev.granary.health;

import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;

import dev.granary.dsl.Definitions;
import dev.granary.dsl.Entity;
import dev.granary.dsl.FeatureDefinitions;
import dev.granary.dsl.FeatureView;
import dev.granary.dsl.Source;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A repository for a running server whose data drifted in the last day: source {@code data/metrics.parquet} holds
 * {@link #BASELINE} rows over the 7 days before the last day and {@link #CURRENT} rows over its last 23 hours (ending a
 * minute before the {@code now} given), where {@code mean_shift} moved by one standard deviation and {@code city} gained a
 * category ({@code atlantis}, 30% of the rows) while {@code stable} did not change. View {@code metrics} serves all
 * three; service {@code watched} logs every lookup (so the scheduled checks take it), service {@code unwatched}
 * does not log.
 */
public final class DriftedRepo {
    public static final int BASELINE = 4000;
    public static final int CURRENT = 2000;

    private DriftedRepo() {
    }

    /** Writes {@code granary.yaml} ({@code project} and {@code yaml}) and the data; answers the spec to apply. */
    public static RepoSpec write(Path dir, String project, Instant now, String yaml) {
        return write(dir, project, now, yaml, false);
    }

    /** As {@link #write(Path, String, Instant, String)}; with {@code restrictCity}, feature {@code metrics:city} is restricted. */
    public static RepoSpec write(Path dir, String project, Instant now, String yaml, boolean restrictCity) {
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("granary.yaml"), "project: " + project + "\n" + yaml + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SplittableRandom random = new SplittableRandom(27);
        List<Object[]> rows = new ArrayList<>();
        Instant dayAgo = now.minus(Duration.ofDays(1));
        for (int i = 0; i < BASELINE + CURRENT; i++) {
            boolean recent = i >= BASELINE;
            // the recent rows start an hour into the last day: the server's checks run a little after now, and
            // their baseline (which ends a day before the check) must not catch any of them
            Instant t = recent ? dayAgo.plus(Duration.ofHours(1)).plusMillis(random.nextLong(Duration.ofHours(23)
                    .minusMinutes(1).toMillis()))
                    : dayAgo.minus(Duration.ofDays(7)).plusMillis(random.nextLong(Duration.ofDays(7).toMillis()));
            String city = recent && random.nextDouble() < 0.3 ? "atlantis"
                    : HealthFixture.CITIES.get(random.nextInt(HealthFixture.CITIES.size()));
            rows.add(new Object[] {(long) i, t, HealthFixture.gaussian(random),
                    HealthFixture.gaussian(random) + (recent ? 1.0 : 0), city});
        }
        ParquetTables.write(dir.resolve("data/metrics.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("stable", FLOAT64),
                new Column("mean_shift", FLOAT64), new Column("city", STRING)), rows);
        return Definitions.toSpec(project, (FeatureDefinitions) r -> {
            Entity driver = r.entity("driver").key("driver_id", INT64);
            Source source = r.parquet("metrics_source", "data/metrics.parquet");
            FeatureView metrics = r.featureView("metrics", driver, source).ttl(Duration.ofDays(1))
                    .feature("stable", FLOAT64).feature("mean_shift", FLOAT64).feature("city", STRING);
            if (restrictCity) {
                metrics.restricted("city");
            }
            r.featureService("watched", metrics.select("stable", "mean_shift", "city")).logging(1.0);
            r.featureService("unwatched", metrics.select("stable"));
        });
    }
}
