package dev.granary.metrics;

import dev.granary.assembly.GranaryParts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The metrics registry of the service's parts, as a bean; {@link GranaryParts} closes it. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {
    @Bean(destroyMethod = "")
    GranaryMetrics granaryMetrics(GranaryParts parts) {
        return parts.metrics();
    }
}
