package dev.granary.health;

import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;
import dev.granary.error.NotFoundException;
import dev.granary.health.log.LogColumns;
import dev.granary.health.log.ParquetLogSink;
import dev.granary.offline.ParquetTables;
import dev.granary.offline.ProgressListener;
import dev.granary.offline.stats.FeatureProfile;
import dev.granary.offline.stats.FeatureStatistics;
import dev.granary.registry.ProjectNotFoundException;
import dev.granary.registry.Registry;
import dev.granary.registry.VersionDetail;
import dev.granary.security.Caller;
import dev.granary.security.FeatureAccess;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.HealthMeasure;
import dev.granary.spec.LoggingSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the health of a feature service (see {@code docs/health.md}):
 * <ul>
 *   <li><b>skew</b>: a recorded training set (named, or the newest holding exactly the service's features) against
 *       the service's feature log over the window; adds the NOT_FOUND and OUTSIDE_MAX_AGE rates of serving;</li>
 *   <li><b>drift</b>, when there is no training set to compare with or the service does not log: each view's source
 *       over the baseline window against the window;</li>
 *   <li>in both, <b>staleness</b> of every online view with a TTL: now minus its watermark, in TTLs.</li>
 * </ul>
 * Thread-safe; each check reads the data it compares (one pass per table).
 *
 * <p>Failures: {@link ProjectNotFoundException}; {@link NotFoundException} naming {@code service} or
 * {@code reference}; {@link BadRequestException} naming {@code reference} for a training set of another project or
 * one that lacks the service's features; {@code OfflineStoreException} when data cannot be read.
 */
public final class HealthCheck {
    private final Registry registry;
    private final HealthRecords records;
    private final Path offlineRoot;
    private final String defaultProject;
    private final Clock clock;

    public HealthCheck(Registry registry, HealthRecords records, Path offlineRoot, String defaultProject, Clock clock) {
        this.registry = requireNonNull(registry, "registry is null");
        this.records = requireNonNull(records, "records is null");
        this.offlineRoot = requireNonNull(offlineRoot, "offlineRoot is null");
        this.defaultProject = defaultProject;
        this.clock = requireNonNull(clock, "clock is null");
    }

    public HealthReport check(HealthRequest request) {
        return check(request, Caller.UNCHECKED);
    }

    /**
     * As {@link #check(HealthRequest)} for {@code caller}: a report shows the statistics of every feature of the
     * service, so a service holding a restricted feature the caller was not granted is refused as a whole, as its
     * lookups are.
     *
     * @throws dev.granary.security.RequestRefusedException 403 {@code RESTRICTED_FEATURE} naming those features
     */
    public HealthReport check(HealthRequest request, Caller caller) {
        CheckedService checked = readable(request.project(), request.service(), caller);
        String project = checked.project();
        RepoSpec spec = checked.spec();
        FeatureServiceSpec service = checked.service();
        Instant now = clock.instant();
        Optional<RecordedTrainingSet> trainingSet = request.reference() != null
                ? Optional.of(named(project, request.reference()))
                : service.loggingSpec().flatMap(l -> records.latestWithFeatures(project, service.features()));
        Map<String, Map<HealthMeasure, Double>> extra = staleness(project, spec, service, now);
        List<FeatureHealth> features = new ArrayList<>();
        String mode;
        String reference;
        String window;
        if (trainingSet.isPresent()) {
            mode = "skew";
            reference = "training set " + trainingSet.get().id();
            Instant start = now.minus(request.window());
            window = "served " + start + "/" + now;
            skew(spec, service, trainingSet.get(), start, now, extra, features);
        } else {
            mode = "drift";
            Instant currentStart = now.minus(request.window());
            Instant baselineStart = currentStart.minus(request.baseline());
            reference = "source " + baselineStart + "/" + currentStart;
            window = "source " + currentStart + "/" + now;
            drift(spec, service, baselineStart, currentStart, now, extra, features);
        }
        return new HealthReport(project, service.name(), mode, reference, window, now, null, features);
    }

    /** A feature service of a project's current spec that a caller may see the health of. */
    public record CheckedService(String project, RepoSpec spec, FeatureServiceSpec service) {
        public CheckedService {
            requireNonNull(project, "project is null");
            requireNonNull(spec, "spec is null");
            requireNonNull(service, "service is null");
        }
    }

    /**
     * The feature service {@code service} of {@code project} (null: the configured one) if {@code caller} may see
     * its health: every health surface (the check, the stored history) shows the statistics of every feature of
     * the service, so one holding a restricted feature the caller was not granted is refused as a whole.
     *
     * @throws ProjectNotFoundException   for an unknown project
     * @throws NotFoundException          naming {@code service} for an unknown service
     * @throws dev.granary.security.RequestRefusedException 403 {@code RESTRICTED_FEATURE}
     */
    public CheckedService readable(String project, String service, Caller caller) {
        String named = project != null ? project : defaultProject;
        if (named == null || named.isBlank()) {
            throw new BadRequestException("project", "Name the project of feature service '" + service + "'");
        }
        VersionDetail current = registry.current(named).orElseThrow(() -> new ProjectNotFoundException(named));
        RepoSpec spec = current.spec();
        FeatureServiceSpec found = spec.featureService(service).orElseThrow(() -> new NotFoundException(
                "service", "Project '" + named + "' has no feature service '" + service + "'; it has "
                + spec.featureServices().stream().map(FeatureServiceSpec::name).toList()));
        FeatureAccess.of(caller, spec).require(found.features().stream()
                .flatMap(f -> FeatureRef.parse(f).stream()).toList());
        return new CheckedService(named, spec, found);
    }

    private RecordedTrainingSet named(String project, String id) {
        RecordedTrainingSet set = records.trainingSet(id).orElseThrow(() -> new NotFoundException("reference",
                "There is no training set '" + id + "'; an export prints its id, and the feature pages list them"));
        if (!set.project().equals(project)) {
            throw new BadRequestException("reference", "Training set '" + id + "' belongs to project '"
                    + set.project() + "', not '" + project + "'; name one of this project");
        }
        return set;
    }

    private void skew(RepoSpec spec, FeatureServiceSpec service, RecordedTrainingSet set, Instant start, Instant end,
                      Map<String, Map<HealthMeasure, Double>> extra, List<FeatureHealth> out) {
        if (!Files.isRegularFile(set.output())) {
            throw new NotFoundException("reference", "The file of training set '" + set.id() + "', " + set.output()
                    + ", is gone; export again or name another training set");
        }
        Set<String> inFile = ParquetTables.columns(set.output()).stream().map(ParquetTables.Column::name)
                .collect(Collectors.toSet());
        Map<String, ValueType> wanted = new LinkedHashMap<>();
        for (FeatureRef ref : service.refs()) {
            if (inFile.contains(ref.feature())) {
                wanted.put(ref.feature(), type(spec, ref));
            }
        }
        if (wanted.isEmpty()) {
            throw new BadRequestException("reference", "Training set '" + set.id() + "' has none of the columns of"
                    + " feature service '" + service.name() + "' " + service.features() + "; name a training set"
                    + " exported with plain feature names");
        }
        Map<String, FeatureProfile> reference = Profiles.of(set.output(), Profiles.timestampColumn(set.output()),
                wanted, null, null);
        LoggingSpec logging = service.loggingSpec().orElseThrow();
        Path logs = ParquetLogSink.folder(offlineRoot, logging.folderOrDefault())
                .resolve(LogColumns.serviceFolder(service.name()));
        Map<String, FeatureProfile> served = Map.of();
        if (Files.isDirectory(logs) && hasParquet(logs)) {
            Map<String, ValueType> columns = new LinkedHashMap<>(wanted);
            for (String feature : wanted.keySet()) {
                columns.put(LogColumns.status(feature), ValueType.STRING);
            }
            served = Profiles.of(logs, LogColumns.REQUEST_TIME, columns, start, end);
        }
        for (FeatureRef ref : service.refs()) {
            Map<HealthMeasure, Double> measures = new EnumMap<>(HealthMeasure.class);
            measures.putAll(extra.getOrDefault(ref.view(), Map.of()));
            FeatureProfile status = served.get(LogColumns.status(ref.feature()));
            if (status != null && status.stats().count() > 0) {
                measures.put(HealthMeasure.NOT_FOUND_RATE, share(status, "NOT_FOUND"));
                measures.put(HealthMeasure.OUTSIDE_MAX_AGE_RATE, share(status, "OUTSIDE_MAX_AGE"));
            }
            FeatureHealth health = FeatureComparison.compare(ref.view(), ref.feature(), reference.get(ref.feature()),
                    served.get(ref.feature()), measures, service);
            if (served.isEmpty()) {
                health = new FeatureHealth(health.view(), health.feature(), health.status(), health.measures(),
                        health.causes(), health.newCategories(), health.missingCategories(), health.reference(),
                        health.current(), "no logged lookups under " + logs);
            }
            out.add(health);
        }
    }

    private void drift(RepoSpec spec, FeatureServiceSpec service, Instant baselineStart, Instant currentStart,
                       Instant end, Map<String, Map<HealthMeasure, Double>> extra, List<FeatureHealth> out) {
        Map<String, Map<String, FeatureProfile>> baseline = new HashMap<>();
        Map<String, Map<String, FeatureProfile>> recent = new HashMap<>();
        for (FeatureRef ref : service.refs()) {
            if (!baseline.containsKey(ref.view())) {
                FeatureViewSpec view = spec.featureView(ref.view()).orElseThrow();
                // the end of the baseline is shared with the current window: a row exactly there counts in both
                baseline.put(ref.view(), byFeature(FeatureStatistics.profile(spec, view, baselineStart, currentStart,
                        offlineRoot, ProgressListener.NONE, Profiles.SAMPLING)));
                recent.put(ref.view(), byFeature(FeatureStatistics.profile(spec, view, currentStart, end,
                        offlineRoot, ProgressListener.NONE, Profiles.SAMPLING)));
            }
            out.add(FeatureComparison.compare(ref.view(), ref.feature(), baseline.get(ref.view()).get(ref.feature()),
                    recent.get(ref.view()).get(ref.feature()), extra.getOrDefault(ref.view(), Map.of()), service));
        }
    }

    /** Per view of the service with a TTL: now minus its watermark, in TTLs (views never materialized are left out). */
    private Map<String, Map<HealthMeasure, Double>> staleness(String project, RepoSpec spec, FeatureServiceSpec service,
                                                             Instant now) {
        Map<String, Map<HealthMeasure, Double>> out = new HashMap<>();
        for (String viewName : service.refs().stream().map(FeatureRef::view).distinct().toList()) {
            FeatureViewSpec view = spec.featureView(viewName).orElseThrow();
            if (!view.online() || view.ttlSeconds() <= 0) {
                continue;
            }
            records.watermark(project, viewName).ifPresent(watermark -> {
                double ttls = (double) Duration.between(watermark, now).toMillis() / (view.ttlSeconds() * 1000.0);
                out.put(viewName, Map.of(HealthMeasure.STALENESS, Math.max(0, ttls)));
            });
        }
        return out;
    }

    private static Map<String, FeatureProfile> byFeature(List<FeatureProfile> profiles) {
        Map<String, FeatureProfile> out = new HashMap<>();
        profiles.forEach(p -> out.put(p.stats().feature(), p));
        return out;
    }

    private static ValueType type(RepoSpec spec, FeatureRef ref) {
        return spec.featureType(ref.view(), ref.feature()).orElse(ValueType.FLOAT64);
    }

    private static double share(FeatureProfile status, String value) {
        return status.items() == null ? 0 : (double) status.items().getEstimate(value) / status.stats().count();
    }

    private static boolean hasParquet(Path folder) {
        try (var walk = Files.walk(folder)) {
            return walk.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
