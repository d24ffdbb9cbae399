package dev.granary.server;

import com.fasterxml.jackson.databind.Module;
import dev.granary.assembly.GranaryParts;
import dev.granary.config.GranaryConfig;
import dev.granary.offline.OfflineEngine;
import dev.granary.registry.CheckedRegistry;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryListener;
import dev.granary.registry.RegistryDatabase;
import dev.granary.security.ConfinedFiles;
import dev.granary.security.ErrorRedaction;
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

    /** The service's object graph; it closes what it opened (the beans it hands out are not closed twice). */
    @Bean(destroyMethod = "close")
    GranaryParts granaryParts(GranaryConfig config) {
        return GranaryParts.of(config);
    }

    @Bean(destroyMethod = "")
    RegistryDatabase registryDatabase(GranaryParts parts) {
        return parts.registryDatabase();
    }

    /**
     * The registry every feature uses: refuses source paths outside {@code offline.root} (before any data check
     * touches them, and again under {@code skipDataChecks} and on rollback), checks specs against their data and
     * announces new versions.
     */
    @Bean
    CheckedRegistry registry(GranaryParts parts, OfflineEngine offlineEngine, GranaryConfig config,
                             ConfinedFiles files, ObjectProvider<RegistryListener> listeners) {
        return new CheckedRegistry(parts.registryDatabase().registry(), files::check,
                spec -> offlineEngine.checkSources(spec, config.offline().root()), listeners.orderedStream().toList());
    }

    /** Which files callers may name: inside {@code offline.root} and {@code offline.exportRoot}. */
    @Bean
    ConfinedFiles confinedFiles(GranaryConfig config) {
        return ConfinedFiles.of(config);
    }

    /** What error messages leave out: JDBC URL, Redis address, absolute folders. */
    @Bean
    ErrorRedaction errorRedaction(GranaryConfig config) {
        return ErrorRedaction.of(config);
    }

    /** Specs in responses are written in their canonical JSON form. */
    @Bean
    Module specJsonModule() {
        return SpecJson.module();
    }
}
