package dev.granary.catalog;

import static dev.granary.registry.db.Tables.TRAINING_SETS;
import static dev.granary.registry.db.Tables.VIEW_WATERMARKS;
import static java.util.Objects.requireNonNull;

import dev.granary.error.NotFoundException;
import dev.granary.registry.ProjectNotFoundException;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistrySql;
import dev.granary.registry.VersionDetail;
import dev.granary.security.Caller;
import dev.granary.security.FeatureAccess;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import dev.granary.statistics.StatisticsStore;
import dev.granary.statistics.StoredStatistics;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Assembles a {@link FeatureDetail} from the project's current version, the statistics and usage tables and the
 * view's materialization watermark. Throws {@link ProjectNotFoundException} or {@link NotFoundException}
 * (field {@code view} or {@code feature}) for unknown names, {@link dev.granary.error.StorageException} when the
 * database fails.
 */
public final class FeatureDetails {
    /** Training sets listed per feature; the usage counts say how many there are in all. */
    static final int TRAINING_SETS_SHOWN = 20;

    private final Registry registry;
    private final StatisticsStore statistics;
    private final UsageCounts usage;
    private final RegistrySql sql;

    public FeatureDetails(Registry registry, DataSource registryDatabase) {
        this.registry = requireNonNull(registry, "registry is null");
        this.statistics = new StatisticsStore(registryDatabase);
        this.usage = new UsageCounts(registryDatabase);
        this.sql = new RegistrySql(registryDatabase);
    }

    /** The detail of a feature, as the local CLI shows it (its user owns the repository). */
    public FeatureDetail detail(String project, String viewName, String feature) {
        return detail(project, viewName, feature, Caller.UNCHECKED);
    }

    /**
     * The detail of a feature for {@code caller}.
     *
     * @throws dev.granary.security.RequestRefusedException 403 {@code RESTRICTED_FEATURE} when the feature is
     *         restricted and the caller was not granted it: its statistics, top values and lineage stay hidden
     */
    public FeatureDetail detail(String project, String viewName, String feature, Caller caller) {
        VersionDetail current = registry.current(project).orElseThrow(() -> new ProjectNotFoundException(project));
        RepoSpec spec = current.spec();
        FeatureViewSpec view = spec.featureView(viewName).orElseThrow(() -> new NotFoundException("view",
                "Project '" + project + "' has no feature view '" + viewName + "'; GET /api/v1/projects/" + project
                        + "/feature-views lists them"));
        if (!view.hasFeature(feature)) {
            throw new NotFoundException("feature", "Feature view '" + viewName + "' of project '" + project
                    + "' has no feature '" + feature + "'; it has " + view.featureNames());
        }
        FeatureRef ref = new FeatureRef(viewName, feature);
        FeatureAccess.of(caller, spec).require(List.of(ref));
        Optional<StoredStatistics> stats = statistics.latest(project, viewName, feature);
        List<String> services = spec.featureServices().stream().filter(s -> s.refs().contains(ref))
                .map(FeatureServiceSpec::name).toList();
        UsageCounts.Counts counts = usage.of(project).getOrDefault(ref, UsageCounts.Counts.NONE);
        SourceSpec source = spec.source(view.source()).orElseThrow();
        return new FeatureDetail(project, viewName, feature, current.version(), definition(spec, view, feature),
                stats.orElse(null),
                new FeatureDetail.Lineage(new FeatureDetail.Source(source.name(), source.path(),
                        source.timestampField(), source.createdTimestampField(), source.description()), viewName,
                        services, trainingSets(project, ref)),
                new FeatureDetail.Usage(counts.exports(), counts.lookups(), services.size()),
                new FeatureDetail.Freshness(watermark(project, viewName),
                        stats.map(s -> s.stats().maxEventTime()).orElse(null)));
    }

    private static FeatureDetail.Definition definition(RepoSpec spec, FeatureViewSpec view, String feature) {
        String type = spec.featureType(view.name(), feature).map(ValueType::name).orElse(null);
        List<String> joinKeys = spec.joinKeys(view).stream().map(JoinKey::name).toList();
        Optional<FeatureSpec> plain = view.feature(feature);
        if (plain.isPresent()) {
            FeatureSpec f = plain.get();
            return new FeatureDetail.Definition("feature", type, f.description(), f.sourceColumn(), null,
                    view.entities(), joinKeys, view.owner(), view.tags(), view.ttlSeconds(), view.online(),
                    view.restricted(feature));
        }
        AggregationSpec a = view.aggregation(feature).orElseThrow();
        return new FeatureDetail.Definition("aggregation", type, a.description(), a.column(),
                new FeatureDetail.Aggregation(a.function().name(), a.column(), a.windowSeconds()), view.entities(),
                joinKeys, view.owner(), view.tags(), view.ttlSeconds(), view.online(), view.restricted(feature));
    }

    /**
     * The newest training sets whose recorded features hold {@code ref} (a comma-separated list of
     * {@code view:feature}): narrowed in SQL by a substring, checked exactly here.
     */
    private List<FeatureDetail.TrainingSetUse> trainingSets(String project, FeatureRef ref) {
        String wanted = ref.toString();
        return sql.guard("read the training sets of feature " + wanted, () -> sql.db()
                .select(TRAINING_SETS.ID, TRAINING_SETS.CREATED_AT, TRAINING_SETS.ROW_COUNT, TRAINING_SETS.OUTPUT_PATH,
                        TRAINING_SETS.SPEC_VERSION, TRAINING_SETS.FEATURES)
                .from(TRAINING_SETS)
                .where(TRAINING_SETS.PROJECT.eq(project)).and(TRAINING_SETS.FEATURES.contains(wanted))
                .orderBy(TRAINING_SETS.CREATED_AT.desc(), TRAINING_SETS.ID)
                .fetch().stream()
                .filter(r -> List.of(r.get(TRAINING_SETS.FEATURES).split(",")).contains(wanted))
                .limit(TRAINING_SETS_SHOWN)
                .map(r -> new FeatureDetail.TrainingSetUse(r.get(TRAINING_SETS.ID),
                        r.get(TRAINING_SETS.CREATED_AT).toInstant(), r.get(TRAINING_SETS.ROW_COUNT),
                        r.get(TRAINING_SETS.OUTPUT_PATH), r.get(TRAINING_SETS.SPEC_VERSION)))
                .toList());
    }

    private Instant watermark(String project, String view) {
        return sql.guard("read the watermark of view " + view, () -> Optional.ofNullable(sql.db()
                        .select(VIEW_WATERMARKS.WATERMARK).from(VIEW_WATERMARKS)
                        .where(VIEW_WATERMARKS.PROJECT.eq(project)).and(VIEW_WATERMARKS.VIEW_NAME.eq(view))
                        .fetchOne(VIEW_WATERMARKS.WATERMARK))
                .map(OffsetDateTime::toInstant).orElse(null));
    }
}
