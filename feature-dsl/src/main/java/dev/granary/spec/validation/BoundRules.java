package dev.granary.spec.validation;

import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import java.util.List;

/**
 * Upper bounds, so that nothing a valid spec holds can overflow where it is stored or used: names fit the
 * registry's columns, and a TTL or window subtracted from any instant a lookup or job uses stays an instant
 * (a TTL of {@code Long.MAX_VALUE} seconds would overflow every lookup of its view).
 */
final class BoundRules {
    /** Longest name of a project, entity, join key, source, view, feature, aggregation or service. */
    static final int MAX_NAME_LENGTH = 128;
    /** Longest TTL or window: 100 years of 365.25 days. */
    static final long MAX_SECONDS = 100L * 36_525 * 864;

    private BoundRules() {
    }

    static void check(RepoSpec spec, Problems problems) {
        name(problems, "project", "project", spec.project());
        List<EntitySpec> entities = spec.entities();
        for (int i = 0; i < entities.size(); i++) {
            EntitySpec entity = entities.get(i);
            String path = Problems.element("entities", entity.name(), i);
            name(problems, path + ".name", "entity", entity.name());
            for (int k = 0; k < entity.joinKeys().size(); k++) {
                JoinKey key = entity.joinKeys().get(k);
                name(problems, Problems.element(path + ".joinKeys", key.name(), k) + ".name", "join key", key.name());
            }
        }
        List<SourceSpec> sources = spec.sources();
        for (int i = 0; i < sources.size(); i++) {
            name(problems, Problems.element("sources", sources.get(i).name(), i) + ".name", "source",
                    sources.get(i).name());
        }
        List<FeatureViewSpec> views = spec.featureViews();
        for (int i = 0; i < views.size(); i++) {
            view(views.get(i), Problems.element("featureViews", views.get(i).name(), i), problems);
        }
        List<FeatureServiceSpec> services = spec.featureServices();
        for (int i = 0; i < services.size(); i++) {
            name(problems, Problems.element("featureServices", services.get(i).name(), i) + ".name",
                    "feature service", services.get(i).name());
        }
    }

    private static void view(FeatureViewSpec view, String path, Problems problems) {
        name(problems, path + ".name", "feature view", view.name());
        if (view.ttlSeconds() > MAX_SECONDS) {
            problems.add(path + ".ttlSeconds", "TTL of feature view '" + view.name() + "' is " + view.ttlSeconds()
                    + " s, more than the largest allowed, " + MAX_SECONDS + " s (100 years)",
                    "use at most " + MAX_SECONDS + ", or 0 for unlimited");
        }
        for (int f = 0; f < view.features().size(); f++) {
            FeatureSpec feature = view.features().get(f);
            name(problems, Problems.element(path + ".features", feature.name(), f) + ".name", "feature",
                    feature.name());
        }
        for (int a = 0; a < view.aggregations().size(); a++) {
            AggregationSpec aggregation = view.aggregations().get(a);
            String aggregationPath = Problems.element(path + ".aggregations", aggregation.name(), a);
            name(problems, aggregationPath + ".name", "aggregation", aggregation.name());
            if (aggregation.windowSeconds() > MAX_SECONDS) {
                problems.add(aggregationPath + ".windowSeconds", "window of aggregation '" + aggregation.name()
                        + "' is " + aggregation.windowSeconds() + " s, more than the largest allowed, " + MAX_SECONDS
                        + " s (100 years)", "use at most " + MAX_SECONDS + " seconds");
            }
        }
    }

    private static void name(Problems problems, String path, String what, String name) {
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            problems.add(path, what + " name '" + name.substring(0, 20) + "...' is " + name.length()
                    + " characters long, more than the largest allowed, " + MAX_NAME_LENGTH,
                    "use a name of at most " + MAX_NAME_LENGTH + " characters");
        }
    }
}
