package dev.granary.registry;

import static java.util.Objects.requireNonNull;

import dev.granary.registry.db.tables.records.ProjectsRecord;
import dev.granary.registry.db.tables.records.RegistryVersionsRecord;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.diff.SpecDiff;
import dev.granary.spec.SpecError;
import dev.granary.spec.validation.SpecValidator;
import dev.granary.spec.json.SpecJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * {@link Registry} on a SQL database through jOOQ: PostgreSQL, or H2 in PostgreSQL mode for the embedded
 * default. An apply locks the project's row ({@code SELECT ... FOR UPDATE}) for its transaction, so applies
 * of one project run one after the other and each sees the version the previous one wrote.
 */
public final class JooqRegistry implements Registry {
    static {
        // jOOQ prints a banner and tips on first use; the CLI's output is for the user.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    /**
     * {@link #currentVersion}'s query in plain JDBC: servers poll it every second, and through jOOQ it cost ~2 ms
     * of CPU on H2, about half of it rendering the SQL (plain JDBC: 0.1-1 ms).
     */
    static final String CURRENT_VERSION_SQL = "SELECT current_version FROM projects WHERE name = ?";
    /** {@link #currentSpec}'s query: the current version's number and spec in one read. */
    static final String CURRENT_SPEC_SQL = "SELECT v.version, v.spec_json FROM projects p"
            + " JOIN registry_versions v ON v.project = p.name AND v.version = p.current_version WHERE p.name = ?";

    private final DataSource dataSource;
    private final Clock clock;
    private final DatabaseErrors errors;
    /**
     * jOOQ on the data source, made on first use: its first use costs a tenth of a second of CPU, which the reads
     * of a lookup ({@link #currentVersion}, {@link #currentSpec}, in plain JDBC) do not need. A failed dialect
     * probe is translated by {@link #errors} like every other database failure of the registry.
     */
    private final RegistrySql sql;

    JooqRegistry(DataSource dataSource, Clock clock, DatabaseErrors errors) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.errors = requireNonNull(errors, "errors is null");
        this.sql = new RegistrySql(dataSource, e -> errors.translate(new DataAccessException(e.getMessage(), e)));
    }

    /**
     * Migrates the schema (Flyway, scripts in {@code db/migration}) and returns a registry on the data source,
     * which must point at PostgreSQL or at H2 in PostgreSQL mode ({@link RegistryDatabase} sets that up).
     *
     * @throws dev.granary.error.StorageException when the database cannot be reached or migrated
     */
    public static JooqRegistry open(DataSource dataSource) {
        String location = describe(dataSource);
        DatabaseErrors errors = new DatabaseErrors(location);
        errors.guard(() -> {
            Migrations.migrate(dataSource);
            return null;
        });
        return new JooqRegistry(dataSource, Clock.systemUTC(), errors);
    }

    private DSLContext db() {
        return sql.db();
    }

    private static String describe(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getURL();
        } catch (SQLException e) {
            return "the configured registry database (" + e.getMessage() + ")";
        }
    }

    @Override
    public Plan plan(RepoSpec spec) {
        requireNonNull(spec, "spec is null");
        SpecValidator.requireValid(spec);
        return guard(() -> {
            int current = VersionRows.currentVersion(db(), spec.project());
            RepoSpec before = current == 0 ? RepoSpec.empty(spec.project()) : storedSpec(spec.project(), current);
            SpecDiff diff = SpecDiff.between(before, spec);
            List<SpecError> warnings = diff.hasBreaking()
                    ? List.of(new SpecError(spec.project(), "the diff has breaking changes",
                            "fix the definitions or apply with --force"))
                    : List.of();
            return new Plan(spec.project(), current, diff, warnings);
        });
    }

    @Override
    public Applied apply(RepoSpec spec, ApplyOptions options) {
        requireNonNull(spec, "spec is null");
        requireNonNull(options, "options is null");
        SpecValidator.requireValid(spec);
        return store(spec, options, null);
    }

    @Override
    public Applied rollback(String project, int number, String author) {
        RepoSpec spec = version(project, number).spec();
        return store(spec, ApplyOptions.by(author).forced().withMessage("rollback to version " + number), number);
    }

    private Applied store(RepoSpec spec, ApplyOptions options, Integer rolledBackFrom) {
        String project = spec.project();
        String json = SpecJson.write(spec);
        String hash = SpecHash.of(json);
        return guard(() -> {
            VersionRows.ensureProject(db(), project, now());
            return db().transactionResult(configuration -> {
                DSLContext tx = configuration.dsl();
                ProjectsRecord row = VersionRows.lockProject(tx, project);
                int current = row.getCurrentVersion();
                if (options.basedOnVersion() != null && options.basedOnVersion() != current) {
                    throw new StaleVersionException(project, options.basedOnVersion(), current);
                }
                Optional<RegistryVersionsRecord> previous = current == 0 ? Optional.empty()
                        : VersionRows.version(tx, project, current);
                if (previous.isPresent() && previous.get().getSpecHash().equals(hash)) {
                    return new Applied(project, current, false, SpecDiff.between(spec, spec));
                }
                RepoSpec before = previous.map(p -> SpecJson.read(p.getSpecJson())).orElse(RepoSpec.empty(project));
                SpecDiff diff = SpecDiff.between(before, spec);
                if (previous.isPresent() && diff.isEmpty()) {
                    // only the order of objects differs: the same spec, nothing to record
                    return new Applied(project, current, false, diff);
                }
                if (diff.hasBreaking() && !options.force()) {
                    throw new BreakingChangeException(project, diff);
                }
                RegistryVersionsRecord version = new RegistryVersionsRecord();
                version.setProject(project);
                version.setVersion(current + 1);
                version.setSpecJson(json);
                version.setSpecHash(hash);
                version.setAuthor(options.author());
                version.setAppliedAt(now());
                version.setDiffJson(DiffJson.write(diff));
                version.setMessage(options.message());
                version.setRolledBackFrom(rolledBackFrom);
                VersionRows.insertVersion(tx, version);
                return new Applied(project, current + 1, true, diff);
            });
        });
    }

    @Override
    public List<VersionSummary> history(String project) {
        requireNonNull(project, "project is null");
        return guard(() -> VersionRows.history(db(), project).stream().map(JooqRegistry::summary).toList());
    }

    @Override
    public VersionDetail version(String project, int number) {
        requireNonNull(project, "project is null");
        return guard(() -> {
            RegistryVersionsRecord row = VersionRows.version(db(), project, number)
                    .orElseThrow(() -> new VersionNotFoundException(project, number,
                            VersionRows.currentVersion(db(), project)));
            RepoSpec spec = SpecJson.read(row.getSpecJson());
            RepoSpec before = number == 1 ? RepoSpec.empty(project) : storedSpec(project, number - 1);
            return new VersionDetail(project, summary(row), spec, SpecDiff.between(before, spec));
        });
    }

    @Override
    public Optional<VersionDetail> current(String project) {
        int current = currentVersion(project);
        return current == 0 ? Optional.empty() : Optional.of(version(project, current));
    }

    @Override
    public int currentVersion(String project) {
        requireNonNull(project, "project is null");
        return guard(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement statement = connection.prepareStatement(CURRENT_VERSION_SQL)) {
                statement.setString(1, project);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? row.getInt(1) : 0;
                }
            } catch (SQLException e) {
                throw new DataAccessException(e.getMessage(), e);
            }
        });
    }

    @Override
    public Optional<CurrentSpec> currentSpec(String project) {
        requireNonNull(project, "project is null");
        return guard(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement statement = connection.prepareStatement(CURRENT_SPEC_SQL)) {
                statement.setString(1, project);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(new CurrentSpec(row.getInt(1), SpecJson.read(row.getString(2))))
                            : Optional.<CurrentSpec>empty();
                }
            } catch (SQLException e) {
                throw new DataAccessException(e.getMessage(), e);
            }
        });
    }

    @Override
    public List<ProjectSummary> projects() {
        return guard(() -> VersionRows.projects(db()).stream()
                .map(p -> new ProjectSummary(p.getName(), p.getCurrentVersion(), p.getUpdatedAt().toInstant()))
                .toList());
    }

    private RepoSpec storedSpec(String project, int number) {
        return VersionRows.version(db(), project, number)
                .map(r -> SpecJson.read(r.getSpecJson()))
                .orElseThrow(() -> new VersionNotFoundException(project, number, number));
    }

    private static VersionSummary summary(RegistryVersionsRecord row) {
        String summary = row.getMessage() != null ? row.getMessage() : DiffJson.summary(row.getDiffJson());
        return new VersionSummary(row.getVersion(), row.getAuthor(), row.getAppliedAt().toInstant(), summary,
                row.getRolledBackFrom());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private <T> T guard(Supplier<T> work) {
        return errors.guard(work);
    }
}
