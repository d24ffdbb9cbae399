package dev.granary.spec.validation;

import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rules for feature services. Within one service every feature name must be unique: a service is served and
 * exported with plain feature names by default, so {@code a:trips} and {@code b:trips} would produce two columns
 * named {@code trips}. Full feature names ({@code view__feature}) remain a request option, not a way around this.
 */
final class ServiceRules {
    private ServiceRules() {
    }

    static void check(RepoSpec spec, Problems problems) {
        Duplicates names = new Duplicates();
        List<FeatureServiceSpec> services = spec.featureServices();
        for (int i = 0; i < services.size(); i++) {
            FeatureServiceSpec service = services.get(i);
            String path = problems.checkDeclared("featureServices", "feature service", service.name(), i, names);
            if (service.features().isEmpty()) {
                problems.add(path + ".features", "feature service '" + service.name() + "' has no features",
                        "list the features it serves, such as [\"driver_stats:conv_rate\"]");
            }
            references(spec, service, path, problems);
            HealthRules.check(service, path, problems);
        }
    }

    private static void references(RepoSpec spec, FeatureServiceSpec service, String path, Problems problems) {
        Duplicates refs = new Duplicates();
        Map<String, FeatureRef> byFeatureName = new HashMap<>();
        for (int r = 0; r < service.features().size(); r++) {
            String text = service.features().get(r);
            String refPath = Problems.element(path + ".features", text, r);
            Optional<FeatureRef> parsed = FeatureRef.parse(text);
            if (parsed.isEmpty()) {
                problems.add(refPath, "'" + text + "' is not a feature reference",
                        "write it as view:feature, such as \"driver_stats:conv_rate\"");
                continue;
            }
            FeatureRef ref = parsed.get();
            if (refs.seen(ref.toString(), refPath) != null) {
                problems.add(refPath, "feature '" + ref + "' is listed twice", "list each feature once");
                continue;
            }
            Optional<FeatureViewSpec> view = spec.featureView(ref.view());
            if (view.isEmpty()) {
                problems.add(refPath, "unknown feature view '" + ref.view() + "'", ViewRules.known("feature views",
                        spec.featureViews().stream().map(FeatureViewSpec::name).toList()));
                continue;
            }
            if (!view.get().hasFeature(ref.feature())) {
                problems.add(refPath, "feature view '" + ref.view() + "' has no feature '" + ref.feature() + "'",
                        ViewRules.known("features of " + ref.view(), view.get().featureNames()));
                continue;
            }
            FeatureRef clash = byFeatureName.putIfAbsent(ref.feature(), ref);
            if (clash != null) {
                problems.add(refPath, "features '" + clash + "' and '" + ref + "' of feature service '"
                                + service.name() + "' would both be output as '" + ref.feature() + "'",
                        "rename one of the features in its view (a column rename keeps the source column)");
            }
        }
    }
}
