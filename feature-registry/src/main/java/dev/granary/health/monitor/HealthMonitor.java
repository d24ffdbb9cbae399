package dev.granary.health.monitor;

import static java.util.Objects.requireNonNull;

import dev.granary.config.MonitoringSettings;
import dev.granary.error.FailureLog;
import dev.granary.health.FeatureHealth;
import dev.granary.health.HealthCheck;
import dev.granary.health.HealthReport;
import dev.granary.health.HealthRequest;
import dev.granary.metrics.FeatureHealthSample;
import dev.granary.metrics.GranaryMetrics;
import dev.granary.registry.ProjectSummary;
import dev.granary.registry.Registry;
import dev.granary.registry.VersionDetail;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.HealthMeasure;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scheduled health checks: each {@code monitoring.interval}, a round checks every feature service that logs, in
 * every project, with the default reference ({@link HealthCheck}: skew against the newest training set of its
 * features, else drift) over {@code monitoring.window}; stores each report in the {@link HealthHistory}; shows
 * it in the health gauges; and deletes stored checks older than {@code monitoring.retention}.
 *
 * <p>A service whose check fails (its data unreadable, its training set's file gone, the database down) is logged
 * through {@link FailureLog#background} and counted ({@code granary.health.checks{result="failed"}}); the other
 * services are still checked, and its gauges keep the last result. A service checked less than half an interval
 * ago is left for the next round: several servers sharing one registry database then store about one check per
 * interval, not one each.
 */
public final class HealthMonitor implements AutoCloseable {
    /** The first round waits at most this long after start, so the gauges fill soon after a restart. */
    static final Duration FIRST_ROUND_AT_MOST = Duration.ofSeconds(30);

    private final Registry registry;
    private final HealthCheck check;
    private final HealthHistory history;
    private final GranaryMetrics metrics;
    private final MonitoringSettings settings;
    private final Clock clock;
    /** The services whose gauges are shown; guarded by {@link #rounds}. */
    private final Set<Service> shown = new HashSet<>();
    /** One round at a time; not the monitor's own lock, so {@link #close} need not wait for a round to end. */
    private final Object rounds = new Object();
    private ScheduledExecutorService timer;

    /** What a round did: services checked and stored, failed, and left for the next round; rows pruned. */
    public record Round(int checked, int failed, int skipped, int pruned) {
    }

    private record Service(String project, String name) {
    }

    public HealthMonitor(Registry registry, HealthCheck check, HealthHistory history, GranaryMetrics metrics,
                         MonitoringSettings settings, Clock clock) {
        this.registry = requireNonNull(registry, "registry is null");
        this.check = requireNonNull(check, "check is null");
        this.history = requireNonNull(history, "history is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Starts the rounds on a thread of their own when {@code monitoring.interval} is set; otherwise does nothing. */
    public synchronized HealthMonitor start() {
        if (timer != null || settings.interval().isEmpty()) {
            return this;
        }
        Duration interval = settings.interval().get();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "granary-health-monitor");
            t.setDaemon(true);
            return t;
        });
        long first = Math.min(interval.toMillis(), FIRST_ROUND_AT_MOST.toMillis());
        timer.scheduleWithFixedDelay(this::roundQuietly, first, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One round now, on the caller's thread (the scheduled rounds call this). */
    public Round runOnce() {
        synchronized (rounds) {
            return round();
        }
    }

    private Round round() {
        int checked = 0;
        int failed = 0;
        int skipped = 0;
        Set<Service> monitored = new HashSet<>();
        for (Service service : loggingServices()) {
            monitored.add(service);
            if (checkedRecently(service)) {
                skipped++;
                continue;
            }
            try {
                HealthReport report = check.check(new HealthRequest(service.project(), service.name(), null,
                        settings.window(), null));
                history.record(report);
                metrics.featureHealth(service.project(), service.name(), samples(report));
                shown.add(service);
                metrics.healthChecked(service.project(), service.name(), true);
                checked++;
            } catch (RuntimeException e) {
                FailureLog.background("Scheduled health check of feature service '" + service.name()
                        + "' of project '" + service.project() + "'", e);
                metrics.healthChecked(service.project(), service.name(), false);
                failed++;
            }
        }
        for (Service gone : shown.stream().filter(s -> !monitored.contains(s)).toList()) {
            metrics.forgetFeatureHealth(gone.project(), gone.name());
            shown.remove(gone);
        }
        int pruned = history.prune(clock.instant().minus(settings.retention()));
        return new Round(checked, failed, skipped, pruned);
    }

    private void roundQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // the projects could not be listed or the history not pruned: the next round tries again
            FailureLog.background("A round of scheduled health checks", e);
        }
    }

    private List<Service> loggingServices() {
        List<Service> out = new java.util.ArrayList<>();
        for (ProjectSummary project : registry.projects()) {
            Optional<VersionDetail> current = registry.current(project.name());
            current.ifPresent(v -> v.spec().featureServices().stream()
                    .filter(s -> s.loggingSpec().isPresent())
                    .map(FeatureServiceSpec::name)
                    .forEach(name -> out.add(new Service(project.name(), name))));
        }
        return out;
    }

    private boolean checkedRecently(Service service) {
        if (settings.interval().isEmpty()) {
            return false;
        }
        Duration half = settings.interval().get().dividedBy(2);
        return history.latest(service.project(), service.name())
                .filter(last -> last.isAfter(clock.instant().minus(half))).isPresent();
    }

    private static List<FeatureHealthSample> samples(HealthReport report) {
        return report.features().stream().map(f -> new FeatureHealthSample(f.name(), f.status().ordinal(),
                psi(f))).toList();
    }

    private static double psi(FeatureHealth feature) {
        return feature.value(HealthMeasure.PSI);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
