package dev.granary.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.config.GranaryConfig;
import dev.granary.online.OnlineStore;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryDatabase;
import java.time.Clock;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The serving beans: the configured online store (closed on shutdown), lookups with their counters, pushes, and
 * the serving port when {@code server.onlinePort} is set.
 */
@Configuration(proxyBeanMethods = false)
class ServingConfiguration {
    @Bean(destroyMethod = "close")
    OnlineStore onlineStore(GranaryConfig config) {
        return OnlineStores.open(config.online());
    }

    @Bean
    SpecChanges specChanges() {
        return new SpecChanges();
    }

    @Bean
    CurrentSpecs currentSpecs(Registry registry, GranaryConfig config, SpecChanges changes) {
        CurrentSpecs specs = new CurrentSpecs(registry, config.project(), TimeUnit.SECONDS.toNanos(1),
                ForkJoinPool.commonPool());
        changes.attach(specs);
        return specs;
    }

    @Bean(destroyMethod = "close")
    OnlineFeatureService onlineFeatureService(CurrentSpecs specs, OnlineStore store, RegistryDatabase database) {
        return new OnlineFeatureService(specs, new OnlineLookup(store),
                new LookupCounters(database.dataSource(), LookupCounters.FLUSH_SECONDS),
                Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    OnlinePort onlinePort(GranaryConfig config, OnlineFeatureService features, PushService push, ObjectMapper json,
                          Environment environment) {
        if (config.server().onlinePort().isEmpty()) {
            return new OnlinePort(null);
        }
        return new OnlinePort(OnlineHttpServer.start(environment.getProperty("server.address"),
                config.server().onlinePort().getAsInt(), features, push, json));
    }

    @Bean
    PushService pushService(CurrentSpecs specs, OnlineStore store, GranaryConfig config) {
        return new PushService(specs, store, new OfflineAppend(config.offline().root(), Clock.systemUTC()));
    }
}
