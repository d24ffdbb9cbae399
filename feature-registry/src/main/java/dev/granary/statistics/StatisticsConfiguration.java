package dev.granary.statistics;

import dev.granary.assembly.GranaryParts;
import dev.granary.registry.Registry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The statistics service of the server, telling every {@link StatisticsListener} bean (the catalog). */
@Configuration(proxyBeanMethods = false)
class StatisticsConfiguration {
    @Bean
    StatisticsService statisticsService(GranaryParts parts, Registry registry,
                                        ObjectProvider<StatisticsListener> listeners) {
        return parts.statistics(registry, listeners.orderedStream().toList());
    }

    @Bean
    StatisticsAfterMaterialization statisticsAfterMaterialization(StatisticsService statistics) {
        return new StatisticsAfterMaterialization(statistics);
    }
}
