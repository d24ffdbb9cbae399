package dev.granary.health.monitor;

import dev.granary.config.GranaryConfig;
import dev.granary.health.HealthCheck;
import dev.granary.metrics.GranaryMetrics;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryDatabase;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The health history of the server, and its scheduled checks when {@code monitoring.interval} is set. */
@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {
    @Bean
    HealthHistory healthHistory(RegistryDatabase database) {
        return new HealthHistory(database.dataSource());
    }

    @Bean(destroyMethod = "close")
    HealthMonitor healthMonitor(Registry registry, HealthCheck check, HealthHistory history, GranaryMetrics metrics,
                                GranaryConfig config) {
        return new HealthMonitor(registry, check, history, metrics, config.monitoring(), Clock.systemUTC()).start();
    }
}
