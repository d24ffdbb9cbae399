package dev.granary.metrics;

import static java.util.Objects.requireNonNull;

import dev.granary.online.FeatureStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The service's metrics: one Prometheus registry and every metric Granary records, named here so that
 * docs/operations.md can list them from one place. Thread-safe. Metric names below are Micrometer's; Prometheus
 * sees dots as underscores, timers in seconds with {@code _seconds}, counters with {@code _total}.
 *
 * <p>Labels hold names from the registry (projects, views, feature services, job kinds, error codes), never
 * request values, so the number of series stays that of the registry.
 */
public final class GranaryMetrics implements AutoCloseable {
    /** The content type of {@link #scrape}: Prometheus' text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The {@code service} label of lookups that name features rather than a feature service. */
    public static final String AD_HOC = "features";

    private final MeterRegistry registry;
    private final JvmGcMetrics gc;
    private final Map<LookupKey, LookupMeters> lookups = new ConcurrentHashMap<>();
    /** Counters recorded per request with a label or two, kept so that recording builds no tags. */
    private final Map<String, Counter> lookupFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> ignoredFields = new ConcurrentHashMap<>();
    private final Map<RowsKey, Counter> rows = new ConcurrentHashMap<>();
    private final Map<String, Counter> onlineErrors = new ConcurrentHashMap<>();
    private final Counter rejected;
    private final java.util.List<LongSupplier> registryFailures = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record LookupKey(String project, String service) {
    }

    private record RowsKey(String metric, String project, String view, String result) {
    }

    private record HealthKey(String project, String service, String feature) {
    }

    /** The gauges of one feature's latest scheduled health check and the values they read. */
    private static final class HealthGauges {
        volatile double status;
        volatile double psi = Double.NaN;
        Gauge statusGauge;
        Gauge psiGauge;
    }

    /** Guarded by itself: a round replaces a service's gauges while another may forget them. */
    private final Map<HealthKey, HealthGauges> featureHealth = new java.util.HashMap<>();

    private GranaryMetrics(MeterRegistry registry, JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
        this.rejected = Counter.builder("granary.online.rejected")
                .description("Calls refused at once while the online store's circuit was open").register(registry);
    }

    /** A registry of Granary's metrics with the JVM's (memory, GC, threads, classes, CPU, uptime). */
    public static GranaryMetrics create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new GranaryMetrics(registry, gc);
    }

    /**
     * Metrics that record nothing and scrape empty: for code that runs without a server to scrape it (command-line
     * lookups, tests of other things).
     */
    public static GranaryMetrics quiet() {
        return new GranaryMetrics(new CompositeMeterRegistry(), null);
    }

    /**
     * {@code granary.registry.errors}: calls that got no connection to the registry database (down, unreachable, or
     * too slow to hand one out), as {@code failures} counts them.
     */
    public void registryErrors(LongSupplier failures) {
        // Micrometer holds a function counter's object weakly: this one keeps it
        registryFailures.add(requireNonNull(failures, "failures is null"));
        FunctionCounter.builder("granary.registry.errors", failures, f -> f.getAsLong())
                .description("Registry database calls that got no connection").register(registry);
    }

    /** Writes every metric in Prometheus' text format ({@link #CONTENT_TYPE}). */
    public void scrape(OutputStream out) throws IOException {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            prometheus.scrape(out);
        }
    }

    /**
     * The meters of lookups of {@code service} (a feature service's name, or {@link #AD_HOC}) in {@code project}:
     * {@code granary.lookup.duration} (timer with a histogram), {@code granary.lookup.entities} (summary with a
     * histogram), {@code granary.lookup.values} (counter by {@code status}). Made once per pair; callers keep them.
     */
    public LookupMeters lookup(String project, String service) {
        return lookups.computeIfAbsent(new LookupKey(project, service), key -> {
            Tags tags = Tags.of("project", key.project(), "service", key.service());
            Timer latency = Timer.builder("granary.lookup.duration")
                    .description("Time to answer a lookup, from its parsed request to its read rows")
                    .tags(tags).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry);
            DistributionSummary entities = DistributionSummary.builder("granary.lookup.entities")
                    .description("Entity rows per lookup").baseUnit("rows").tags(tags)
                    .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000)
                    .register(registry);
            FeatureStatus[] values = FeatureStatus.values();
            Counter[] statuses = new Counter[values.length];
            for (FeatureStatus status : values) {
                statuses[status.ordinal()] = Counter.builder("granary.lookup.values")
                        .description("Feature values answered by lookups, by status").tags(tags)
                        .tag("status", status.name()).register(registry);
            }
            return new LookupMeters(latency, entities, statuses);
        });
    }

    /** {@code granary.lookup.failures}: a lookup answered with error {@code code} (such as STORAGE_UNAVAILABLE). */
    public void lookupFailed(String code) {
        lookupFailures.computeIfAbsent(code, c -> Counter.builder("granary.lookup.failures")
                .description("Lookups answered with an error, by error code").tag("code", c).register(registry))
                .increment();
    }

    /**
     * {@code granary.push.rows}: rows of a push or Feast write to {@code view}, by {@code result}: {@code written}
     * online, {@code not_newer} online (the store held an equal or newer value), {@code offline} (appended to
     * Parquet).
     */
    public void pushed(String project, String view, String result, long rows) {
        count("granary.push.rows", "Rows pushed, by view and result", project, view, result, rows);
    }

    /**
     * {@code granary.materialization.rows}: rows a materialization wrote to {@code view} online, by {@code result}
     * ({@code written} or {@code not_newer}).
     */
    public void materialized(String project, String view, String result, long rows) {
        count("granary.materialization.rows", "Rows materialized online, by view and result", project, view, result,
                rows);
    }

    private void count(String metric, String description, String project, String view, String result, long n) {
        if (n > 0) {
            rows.computeIfAbsent(new RowsKey(metric, project, view, result), key -> Counter.builder(key.metric())
                    .description(description).tags("project", key.project(), "view", key.view(), "result",
                            key.result()).register(registry)).increment(n);
        }
    }

    /**
     * {@code granary.job.duration}: a job of {@code kind} ({@code materialize}, {@code export}, ...) that ran in this
     * process ended with {@code status} ({@code SUCCEEDED} or {@code FAILED}) after {@code took}.
     */
    public void jobEnded(String kind, String status, Duration took) {
        Timer.builder("granary.job.duration").description("Time jobs run, by kind and final status")
                .tags("kind", kind, "status", status).register(registry).record(took);
    }

    /** {@code granary.job.lost}: a job of {@code kind} recorded FAILED because its process died. */
    public void jobLost(String kind) {
        registry.counter("granary.job.lost", "kind", kind).increment();
    }

    /**
     * {@code granary.online.errors}: the online store failed an {@code operation} ({@code read}, {@code write},
     * {@code delete}, {@code ping}): down, timed out, refused.
     */
    public void onlineStoreFailed(String operation) {
        onlineErrors.computeIfAbsent(operation, o -> Counter.builder("granary.online.errors")
                .description("Online store calls that failed, by operation").tag("operation", o).register(registry))
                .increment();
    }

    /** {@code granary.online.rejected}: a call refused at once because the online store's circuit was open. */
    public void onlineCallRejected() {
        rejected.increment();
    }

    /**
     * {@code granary.online.circuit.state}: 1 for the state {@code state} returns ({@code CLOSED}, {@code OPEN},
     * {@code HALF_OPEN}), 0 for the others, so {@code max by (state)} reads as the state.
     */
    public <E extends Enum<E>> void circuitState(Class<E> states, Supplier<E> state) {
        for (E each : states.getEnumConstants()) {
            Gauge.builder("granary.online.circuit.state", state, s -> s.get() == each ? 1 : 0)
                    .description("The online store's circuit breaker: 1 for its current state")
                    .tag("state", each.name().toLowerCase(Locale.ROOT)).strongReference(true).register(registry);
        }
    }

    /**
     * {@code granary.online.freshness}: seconds since {@code view}'s watermark (the last end an incremental
     * materialization finished), as {@code seconds} computes it from {@code source} at each scrape; NaN when none.
     */
    public <T> void freshness(String project, String view, T source, ToDoubleFunction<T> seconds) {
        Gauge.builder("granary.online.freshness", source, seconds).baseUnit("seconds")
                .description("Now minus the view's watermark (the end of its last incremental materialization)")
                .tags("project", project, "view", view).strongReference(true).register(registry);
    }

    /** Stops showing {@code view}'s freshness (the view or its watermark is gone). */
    public void forgetFreshness(String project, String view) {
        var gauge = registry.find("granary.online.freshness").tags("project", project, "view", view).gauge();
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    /**
     * {@code granary.feast.ignored.fields}: fields of a Feast-shaped request on {@code endpoint} that Granary does
     * not use and ignored (Feast's clients send some, such as {@code include_feature_view_version_metadata}).
     */
    public void ignoredFields(String endpoint, int fields) {
        if (fields > 0) {
            ignoredFields.computeIfAbsent(endpoint, e -> Counter.builder("granary.feast.ignored.fields")
                    .description("Fields of Feast-shaped requests that Granary ignored").tag("endpoint", e)
                    .register(registry)).increment(fields);
        }
    }

    /**
     * {@code granary.feature.health.status} (0 ok, 1 warn, 2 alert) and {@code granary.feature.health.psi} of the
     * features of {@code service} in {@code project}, from its latest scheduled health check: replaces the service's
     * series, so features no longer in it disappear; a feature without a PSI (categorical, too few values) has no
     * PSI series. Labels are registry names: the series are at most the features of the services that log.
     */
    public void featureHealth(String project, String service, java.util.List<FeatureHealthSample> features) {
        java.util.Set<String> names = new java.util.HashSet<>();
        features.forEach(f -> names.add(f.feature()));
        synchronized (featureHealth) {
            forget(project, service, names);
            for (FeatureHealthSample f : features) {
                HealthKey key = new HealthKey(project, service, f.feature());
                HealthGauges gauges = featureHealth.computeIfAbsent(key, k -> {
                    HealthGauges g = new HealthGauges();
                    g.statusGauge = Gauge.builder("granary.feature.health.status", g, x -> x.status)
                            .description("Latest scheduled health check of the feature: 0 ok, 1 warn, 2 alert")
                            .tags("project", k.project(), "service", k.service(), "feature", k.feature())
                            .strongReference(true).register(registry);
                    return g;
                });
                gauges.status = f.status();
                gauges.psi = f.psi();
                if (Double.isFinite(f.psi()) && gauges.psiGauge == null) {
                    gauges.psiGauge = Gauge.builder("granary.feature.health.psi", gauges, x -> x.psi)
                            .description("Population stability index of the feature in its latest scheduled check")
                            .tags("project", project, "service", service, "feature", f.feature())
                            .strongReference(true).register(registry);
                } else if (!Double.isFinite(f.psi()) && gauges.psiGauge != null) {
                    registry.remove(gauges.psiGauge);
                    gauges.psiGauge = null;
                }
            }
        }
    }

    /** Stops showing the health of {@code service}'s features (it was removed or stopped logging). */
    public void forgetFeatureHealth(String project, String service) {
        synchronized (featureHealth) {
            forget(project, service, java.util.Set.of());
        }
    }

    private void forget(String project, String service, java.util.Set<String> keep) {
        var gone = featureHealth.entrySet().iterator();
        while (gone.hasNext()) {
            var e = gone.next();
            HealthKey key = e.getKey();
            if (key.project().equals(project) && key.service().equals(service) && !keep.contains(key.feature())) {
                registry.remove(e.getValue().statusGauge);
                if (e.getValue().psiGauge != null) {
                    registry.remove(e.getValue().psiGauge);
                }
                gone.remove();
            }
        }
    }

    /** {@code granary.health.checks}: a scheduled health check of {@code service} ended, {@code ok} or {@code failed}. */
    public void healthChecked(String project, String service, boolean ok) {
        registry.counter("granary.health.checks", "project", project, "service", service, "result",
                ok ? "ok" : "failed").increment();
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
