package dev.granary.health;

import dev.granary.assembly.GranaryParts;
import dev.granary.registry.Registry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The health check of the server, as {@link GranaryParts#healthCheck} builds it. */
@Configuration(proxyBeanMethods = false)
class FeatureHealthConfiguration {
    @Bean
    HealthCheck healthCheck(GranaryParts parts, Registry registry) {
        return parts.healthCheck(registry);
    }
}
