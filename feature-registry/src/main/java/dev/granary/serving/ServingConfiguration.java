package dev.granary.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.assembly.GranaryParts;
import dev.granary.config.GranaryConfig;
import dev.granary.materialization.MaterializationJobs;
import dev.granary.metrics.GranaryMetrics;
import dev.granary.online.OnlineStore;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryDatabase;
import dev.granary.security.BrowserOrigins;
import dev.granary.security.ConfinedFiles;
import dev.granary.security.ServingGate;
import java.time.Clock;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The serving beans: the configured online store (closed on shutdown), lookups with their counters, pushes, and
 * the serving port when {@code server.onlinePort} is set.
 */
@Configuration(proxyBeanMethods = false)
class ServingConfiguration {
    /**
     * The online store behind a circuit breaker, so a failing Redis costs requests a quick 503 instead of a
     * thread each: the one materializations also write through; the store itself is closed by {@link GranaryParts}.
     */
    @Bean(destroyMethod = "")
    OnlineStore onlineStore(GranaryParts parts) {
        return parts.guardedOnlineStore();
    }

    @Bean
    SpecChanges specChanges() {
        return new SpecChanges();
    }

    @Bean
    CurrentSpecs currentSpecs(Registry registry, GranaryConfig config, SpecChanges changes) {
        CurrentSpecs specs = CurrentSpecs.create(registry, config.project());
        changes.attach(specs);
        return specs;
    }

    @Bean(destroyMethod = "close")
    OnlineFeatureService onlineFeatureService(CurrentSpecs specs, OnlineStore store, RegistryDatabase database,
                                              GranaryConfig config, GranaryMetrics metrics,
                                              GranaryParts parts) {
        return OnlineFeatureService.create(specs, store, database.dataSource(), config.limits(), metrics,
                parts.featureLog());
    }

    @Bean(destroyMethod = "close")
    OnlinePort onlinePort(GranaryConfig config, FeastEndpoints feast, ObjectMapper json, Environment environment,
                          BrowserOrigins origins, ServingGate gate, GranaryMetrics metrics) {
        if (config.server().onlinePort().isEmpty()) {
            return new OnlinePort(null);
        }
        return new OnlinePort(OnlineHttpServer.start(environment.getProperty("server.address"),
                config.server().onlinePort().getAsInt(), feast, json, config.limits().maxBodyBytes(), origins, gate,
                metrics));
    }

    /** On shutdown the serving port stops taking connections while the main port drains (server.shutdown=graceful). */
    @Bean
    ApplicationListener<ContextClosedEvent> onlinePortStopsAcceptingOnShutdown(OnlinePort port) {
        return event -> port.stopAccepting();
    }

    @Bean
    FeastEndpoints feastEndpoints(OnlineFeatureService features, PushService push, MaterializationJobs jobs,
                                  CurrentSpecs specs, GranaryMetrics metrics) {
        return new FeastEndpoints(features, push, jobs, specs, Clock.systemUTC(), metrics);
    }

    @Bean
    PushService pushService(CurrentSpecs specs, OnlineStore store, GranaryConfig config, GranaryMetrics metrics) {
        return new PushService(specs, store, new OfflineAppend(ConfinedFiles.of(config), Clock.systemUTC()),
                config.limits(), Clock.systemUTC(), metrics);
    }
}
