package dev.granary.catalog;

import dev.granary.assembly.GranaryParts;
import dev.granary.config.GranaryConfig;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryDatabase;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The catalog beans of the service: the {@link CatalogSync} the checked registry announces versions to (it depends
 * on the registry database, not on the registry bean, so there is no cycle), over the Lucene index at
 * {@code catalog.path} (opened on first use, which the refresher's first round makes off the start-up path;
 * closed on shutdown with the other parts), the refresher that rebuilds stale projects once the server has started
 * and then every {@code granary.catalog.refresh-seconds} (default 30) also pushes usage, and the feature detail.
 */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {
    static final String REFRESH_PROPERTY = "granary.catalog.refresh-seconds";

    @Bean
    CatalogSync catalogSync(GranaryParts parts) {
        return parts.catalogSync();
    }

    @Bean(destroyMethod = "close")
    CatalogRefresher catalogRefresher(CatalogSync sync, Environment environment) {
        return CatalogRefresher.holdingSearches(sync, environment.getProperty(REFRESH_PROPERTY, Long.class, 30L));
    }

    /** The refresher's first round begins once the server answers, off the start-up's path. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> catalogRefreshOnceStarted(CatalogRefresher refresher) {
        return event -> refresher.begin();
    }

    @Bean
    FeatureDetails featureDetails(Registry registry, RegistryDatabase database) {
        return new FeatureDetails(registry, database.dataSource());
    }
}
