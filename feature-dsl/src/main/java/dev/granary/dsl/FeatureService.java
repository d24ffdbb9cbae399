package dev.granary.dsl;

import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.HealthThreshold;
import dev.granary.spec.LoggingSpec;
import dev.granary.spec.MonitorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A feature service being declared: the features one model uses, in the order given. */
public final class FeatureService {
    private final FeatureRepo repo;
    private final String name;
    private final String path;
    private final List<String> features = new ArrayList<>();
    private String owner = "";
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String description = "";
    private LoggingSpec logging;
    private final List<MonitorSpec> monitors = new ArrayList<>();

    FeatureService(FeatureRepo repo, String name, int index) {
        this.repo = repo;
        this.name = name == null ? "" : name;
        this.path = FeatureRepo.element("featureServices", this.name, index);
    }

    /** Adds more features. */
    public FeatureService features(FeatureSelection... selections) {
        if (selections == null) {
            repo.error(path + ".features", "the features of feature service '" + name + "' are null",
                    "pass selections such as stats.select(\"conv_rate\")");
            return this;
        }
        for (FeatureSelection selection : selections) {
            if (selection == null) {
                repo.error(path + ".features", "a selection of feature service '" + name + "' is null",
                        "pass selections such as stats.select(\"conv_rate\")");
            } else {
                features.addAll(selection.refs());
            }
        }
        return this;
    }

    public FeatureService owner(String owner) {
        if (owner == null) {
            repo.error(path + ".owner", "the owner of feature service '" + name + "' is null",
                    "pass a team or person, or leave the call out");
        } else {
            this.owner = owner;
        }
        return this;
    }

    public FeatureService tag(String key, String value) {
        if (key == null || value == null) {
            repo.error(path + ".tags", "a tag of feature service '" + name + "' has a null "
                    + (key == null ? "key" : "value"), "pass a key and a value, such as tag(\"team\", \"rides\")");
        } else {
            tags.put(key, value);
        }
        return this;
    }

    public FeatureService description(String text) {
        description = repo.description(path, "feature service '" + name + "'", description, text);
        return this;
    }

    /**
     * Logs a share of the lookups by this service ({@code 0 < sampleRate <= 1}) as Parquet under
     * {@code offline.root}/{@value LoggingSpec#DEFAULT_FOLDER}; see {@code docs/health.md}.
     */
    public FeatureService logging(double sampleRate) {
        this.logging = new LoggingSpec(sampleRate);
        return this;
    }

    /** As {@link #logging(double)}, into {@code folder} (relative to {@code offline.root} unless absolute). */
    public FeatureService logging(double sampleRate, String folder) {
        if (folder == null) {
            repo.error(path + ".logging.folder", "the logging folder of feature service '" + name + "' is null",
                    "pass a folder, or call logging(sampleRate) for the default");
            return this;
        }
        this.logging = new LoggingSpec(sampleRate, folder);
        return this;
    }

    /** Health-check thresholds for every feature of the service ({@code monitor(psi(0.2))}, see {@link Monitors}). */
    public FeatureService monitor(HealthThreshold... thresholds) {
        return monitor("", thresholds);
    }

    /** Health-check thresholds for the features of one view ({@code "driver_stats"}) or one feature ({@code "driver_stats:conv_rate"}). */
    public FeatureService monitor(String target, HealthThreshold... thresholds) {
        if (target == null || thresholds == null || java.util.Arrays.asList(thresholds).contains(null)) {
            repo.error(path + ".monitors", "a monitor of feature service '" + name + "' has a null "
                    + (target == null ? "target" : "threshold"), "pass thresholds such as monitor(psi(0.2))");
            return this;
        }
        monitors.add(new MonitorSpec(target, List.of(thresholds)));
        return this;
    }

    public String name() {
        return name;
    }

    FeatureServiceSpec toSpec() {
        return new FeatureServiceSpec(name, features, owner, tags, description, logging, monitors);
    }
}
