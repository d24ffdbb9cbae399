package dev.granary.health;

import static dev.granary.registry.db.Tables.TRAINING_SETS;
import static dev.granary.registry.db.Tables.VIEW_WATERMARKS;
import static dev.granary.spec.ValueType.FLOAT64;
import static dev.granary.spec.ValueType.INT64;
import static dev.granary.spec.ValueType.STRING;

import dev.granary.assembly.GranaryParts;
import dev.granary.config.GranaryConfig;
import dev.granary.dsl.Definitions;
import dev.granary.dsl.Entity;
import dev.granary.dsl.FeatureDefinitions;
import dev.granary.dsl.FeatureView;
import dev.granary.dsl.Source;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.RegistrySql;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/**
 * A repository with synthetic data for health checks: view {@code metrics} (source {@code data/metrics.parquet})
 * with one feature per kind of shift, and view {@code recent_stats} (TTL 1 h) reading the same source. Baseline
 * rows lie in the 7 days before the last day, current rows in the last day; {@link Shifts} says what changes.
 * Service {@code model} holds every feature; a test adds its own services over {@code metrics}.
 */
final class HealthFixture implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final String PROJECT = "health";
    static final List<String> CITIES = List.of("paris", "lyon", "nice", "lille", "nantes");

    /** What the current day changes; all false: the same distributions as the baseline. */
    record Shifts(boolean mean, boolean variance, boolean newCategory, boolean nulls) {
        static final Shifts NONE = new Shifts(false, false, false, false);
        static final Shifts ALL = new Shifts(true, true, true, true);
    }

    final Path repo;
    final GranaryParts parts;
    final RepoSpec spec;
    final HealthCheck check;

    HealthFixture(Path repo, BiConsumer<dev.granary.dsl.FeatureRepo, FeatureView> services) {
        this(repo, GranaryConfig.defaults(repo), services);
    }

    /** On the registry database {@code config} names (PostgreSQL for the history's tests), data under {@code repo}. */
    HealthFixture(Path repo, GranaryConfig config, BiConsumer<dev.granary.dsl.FeatureRepo, FeatureView> services) {
        this.repo = repo;
        try {
            java.nio.file.Files.createDirectories(repo.resolve("data"));
            java.nio.file.Files.createDirectories(repo.resolve("out"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.parts = GranaryParts.of(config);
        this.spec = Definitions.toSpec(PROJECT, (FeatureDefinitions) r -> {
            Entity driver = r.entity("driver").key("driver_id", INT64);
            Source source = r.parquet("metrics_source", "data/metrics.parquet");
            FeatureView metrics = r.featureView("metrics", driver, source).ttl(Duration.ofDays(1))
                    .feature("stable", FLOAT64).feature("mean_shift", FLOAT64).feature("wider", FLOAT64)
                    .feature("city", STRING).feature("nullable", FLOAT64);
            FeatureView recent = r.featureView("recent_stats", driver, source).ttl(Duration.ofHours(1))
                    .featureFromColumn("recent_stable", FLOAT64, "stable");
            r.featureService("model", metrics.select("stable", "mean_shift", "wider", "city", "nullable"),
                    recent.select("recent_stable"));
            services.accept(r, metrics);
        });
        parts.registryDatabase().registry().apply(spec, new ApplyOptions("test", null, false, null));
        this.check = new HealthCheck(parts.registryDatabase().registry(),
                new HealthRecords(parts.registryDatabase().dataSource()), repo, PROJECT, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Writes the source: {@code baseline} rows over the 7 days before the last day, {@code current} over the last. */
    void writeSource(long seed, int baseline, int current, Shifts shifts) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Object[]> rows = new ArrayList<>();
        Instant dayAgo = NOW.minus(Duration.ofDays(1));
        for (int i = 0; i < baseline + current; i++) {
            boolean now = i >= baseline;
            Instant t = now ? dayAgo.plusMillis(1 + random.nextLong(Duration.ofDays(1).toMillis() - 1))
                    : dayAgo.minus(Duration.ofDays(7)).plusMillis(random.nextLong(Duration.ofDays(7).toMillis()));
            double mean = gaussian(random) + (now && shifts.mean() ? 1.0 : 0);
            double wider = gaussian(random) * (now && shifts.variance() ? 2.5 : 1);
            String city = now && shifts.newCategory() && random.nextDouble() < 0.3 ? "atlantis"
                    : CITIES.get(random.nextInt(CITIES.size()));
            Double nullable = random.nextDouble() < (now && shifts.nulls() ? 0.2 : 0.01) ? null : gaussian(random);
            rows.add(new Object[] {(long) i, t, gaussian(random), mean, wider, city, nullable});
        }
        ParquetTables.write(repo.resolve("data/metrics.parquet"), List.of(new Column("driver_id", ValueType.INT64),
                new Column("event_timestamp", ValueType.TIMESTAMP), new Column("stable", FLOAT64),
                new Column("mean_shift", FLOAT64), new Column("wider", FLOAT64), new Column("city", STRING),
                new Column("nullable", FLOAT64)), rows);
    }

    /** Records that {@code view} was materialized up to {@code watermark}. */
    void watermark(String view, Instant watermark) {
        new RegistrySql(parts.registryDatabase().dataSource()).db().insertInto(VIEW_WATERMARKS)
                .set(VIEW_WATERMARKS.PROJECT, PROJECT).set(VIEW_WATERMARKS.VIEW_NAME, view)
                .set(VIEW_WATERMARKS.WATERMARK, watermark.atOffset(ZoneOffset.UTC)).execute();
    }

    /** Records a training set as an export does. */
    void trainingSet(String id, List<String> features, Path output, Instant createdAt) {
        new RegistrySql(parts.registryDatabase().dataSource()).db().insertInto(TRAINING_SETS)
                .set(TRAINING_SETS.ID, id).set(TRAINING_SETS.PROJECT, PROJECT).set(TRAINING_SETS.SPEC_VERSION, 1)
                .set(TRAINING_SETS.FEATURES, String.join(",", features)).set(TRAINING_SETS.ENTITY_FINGERPRINT, "test")
                .set(TRAINING_SETS.ROW_COUNT, 0L).set(TRAINING_SETS.OUTPUT_PATH, output.toString())
                .set(TRAINING_SETS.CREATED_AT, createdAt.atOffset(ZoneOffset.UTC)).execute();
    }

    @Override
    public void close() {
        parts.close();
    }
}
