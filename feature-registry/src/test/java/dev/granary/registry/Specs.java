package dev.granary.registry;

import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.Samples;
import dev.granary.spec.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Variations of the rides sample spec for registry tests. */
public final class Specs {
    private Specs() {
    }

    public static RepoSpec rides() {
        return Samples.rides();
    }

    /** The sample under another project name, so tests never share a project. */
    public static RepoSpec rides(String project) {
        RepoSpec s = Samples.rides();
        return new RepoSpec(project, s.entities(), s.sources(), s.featureViews(), s.featureServices());
    }

    /** Adds a plain feature to {@code driver_stats}: a non-breaking change. */
    public static RepoSpec withExtraFeature(RepoSpec spec, String feature) {
        return mapView(spec, "driver_stats", v -> {
            List<FeatureSpec> features = new ArrayList<>(v.features());
            features.add(new FeatureSpec(feature, ValueType.FLOAT64, null, "added in a test"));
            return new FeatureViewSpec(v.name(), v.entities(), v.source(), v.ttlSeconds(), v.online(), features,
                    v.aggregations(), v.owner(), v.tags(), v.description());
        });
    }

    /** Changes the type of {@code driver_stats:conv_rate}: a breaking change. */
    public static RepoSpec withConvRateAsString(RepoSpec spec) {
        return mapView(spec, "driver_stats", v -> {
            List<FeatureSpec> features = v.features().stream()
                    .map(f -> f.name().equals("conv_rate")
                            ? new FeatureSpec(f.name(), ValueType.STRING, f.column(), f.description()) : f)
                    .toList();
            return new FeatureViewSpec(v.name(), v.entities(), v.source(), v.ttlSeconds(), v.online(), features,
                    v.aggregations(), v.owner(), v.tags(), v.description());
        });
    }

    /** Gives the driver entity another description: a distinct, non-breaking spec per text. */
    public static RepoSpec withDriverDescription(RepoSpec spec, String description) {
        List<EntitySpec> entities = spec.entities().stream()
                .map(e -> e.name().equals("driver") ? new EntitySpec(e.name(), e.joinKeys(), description) : e)
                .toList();
        return new RepoSpec(spec.project(), entities, spec.sources(), spec.featureViews(), spec.featureServices());
    }

    /** Two errors: a view on an entity that does not exist and a feature with an invalid name. */
    public static RepoSpec withTwoErrors(RepoSpec spec) {
        RepoSpec once = mapView(spec, "driver_stats", v -> new FeatureViewSpec(v.name(), List.of("nobody"),
                v.source(), v.ttlSeconds(), v.online(), v.features(), v.aggregations(), v.owner(), v.tags(),
                v.description()));
        return withExtraFeature(once, "Bad-Name");
    }

    private static RepoSpec mapView(RepoSpec spec, String view, UnaryOperator<FeatureViewSpec> change) {
        List<FeatureViewSpec> views = spec.featureViews().stream()
                .map(v -> v.name().equals(view) ? change.apply(v) : v)
                .toList();
        return new RepoSpec(spec.project(), spec.entities(), spec.sources(), views, spec.featureServices());
    }
}
