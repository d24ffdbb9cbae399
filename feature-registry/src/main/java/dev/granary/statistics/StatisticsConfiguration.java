package dev.granary.statistics;

import dev.granary.config.GranaryConfig;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryDatabase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The statistics service of the server, telling every {@link StatisticsListener} bean (the catalog). */
@Configuration(proxyBeanMethods = false)
class StatisticsConfiguration {
    @Bean
    StatisticsService statisticsService(Registry registry, RegistryDatabase database, GranaryConfig config,
                                        ObjectProvider<StatisticsListener> listeners) {
        return new StatisticsService(registry, new StatisticsStore(database.dataSource()), config.offline().root(),
                listeners.orderedStream().toList());
    }

    @Bean
    StatisticsAfterMaterialization statisticsAfterMaterialization(StatisticsService statistics) {
        return new StatisticsAfterMaterialization(statistics);
    }
}
