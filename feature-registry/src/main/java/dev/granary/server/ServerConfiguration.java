package dev.granary.server;

import com.fasterxml.jackson.databind.Module;
import dev.granary.config.GranaryConfig;
import dev.granary.offline.OfflineEngine;
import dev.granary.registry.CheckedRegistry;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryListener;
import dev.granary.registry.RegistryDatabase;
import dev.granary.spec.json.SpecJson;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The beans every feature shares: the configuration, the registry database, canonical spec JSON. */
@Configuration(proxyBeanMethods = false)
class ServerConfiguration {
    /** Registered by {@link GranaryServer#start} when given; otherwise read from {@code granary.repo}. */
    @Bean
    @ConditionalOnMissingBean
    GranaryConfig granaryConfig(Environment environment) {
        return GranaryConfig.load(Path.of(environment.getProperty(GranaryServer.REPO_PROPERTY, ".")));
    }

    @Bean(destroyMethod = "close")
    RegistryDatabase registryDatabase(GranaryConfig config) {
        return RegistryDatabase.open(config.registry());
    }

    /** The registry every feature uses: checks specs against their data and announces new versions. */
    @Bean
    CheckedRegistry registry(RegistryDatabase database, OfflineEngine offlineEngine, GranaryConfig config,
                      ObjectProvider<RegistryListener> listeners) {
        return new CheckedRegistry(database.registry(),
                spec -> offlineEngine.checkSources(spec, config.offline().root()), listeners.orderedStream().toList());
    }

    /** Specs in responses are written in their canonical JSON form. */
    @Bean
    Module specJsonModule() {
        return SpecJson.module();
    }
}
