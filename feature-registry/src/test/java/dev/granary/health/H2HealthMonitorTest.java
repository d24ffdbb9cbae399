package dev.granary.health;

import dev.granary.config.GranaryConfig;
import java.nio.file.Path;

/** Scheduled checks and their history on the default registry: embedded H2 in the repository. */
class H2HealthMonitorTest extends HealthMonitorContractTest {
    @Override
    protected GranaryConfig config(Path repo) {
        return GranaryConfig.defaults(repo);
    }
}
