package dev.granary.spec.validation;

import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.HealthThreshold;
import dev.granary.spec.MonitorSpec;

/**
 * Rules for a feature service's logging and monitors: a sample rate is a probability above zero, a threshold a
 * positive number, and a monitor's target one of the service's views or features (a typo would otherwise leave the
 * defaults in force silently).
 */
final class HealthRules {
    private HealthRules() {
    }

    static void check(FeatureServiceSpec service, String path, Problems problems) {
        service.loggingSpec().ifPresent(logging -> {
            if (!logging.validRate()) {
                problems.add(path + ".logging.sampleRate", "the sample rate of feature service '" + service.name()
                        + "' is " + logging.sampleRate() + "; it must be above 0 and at most 1",
                        "use a share of lookups such as 0.01 (1%) or 1 (every lookup)");
            }
        });
        for (int i = 0; i < service.monitors().size(); i++) {
            MonitorSpec monitor = service.monitors().get(i);
            String monitorPath = path + ".monitors[" + i + "]";
            if (!monitor.target().isEmpty() && service.refs().stream().noneMatch(r -> targets(monitor, r))) {
                problems.add(monitorPath + ".target", "monitor target '" + monitor.target() + "' is neither a view nor"
                        + " a feature of feature service '" + service.name() + "'",
                        "use a view such as \"driver_stats\", a feature such as \"driver_stats:conv_rate\", or leave"
                                + " the target out for every feature; the service has " + service.features());
            }
            for (HealthThreshold t : monitor.thresholds()) {
                if (!t.valid()) {
                    problems.add(monitorPath + ".thresholds." + t.measure().jsonName(), "the " + t.measure()
                            + " threshold is " + t.alert() + "; it must be a positive number",
                            "give the alert level, such as " + t.measure().defaultAlert());
                }
            }
        }
    }

    private static boolean targets(MonitorSpec monitor, FeatureRef ref) {
        return monitor.appliesTo(ref.view(), ref.feature());
    }
}
