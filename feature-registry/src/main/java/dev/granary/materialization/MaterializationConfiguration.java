package dev.granary.materialization;

import dev.granary.config.GranaryConfig;
import dev.granary.jobs.JobStore;
import dev.granary.offline.ArrowOfflineEngine;
import dev.granary.offline.OfflineEngine;
import dev.granary.online.OnlineStore;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryDatabase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The materialization beans of the server: the offline engine (unless another part provides one) and the jobs. */
@Configuration(proxyBeanMethods = false)
class MaterializationConfiguration {
    @Bean
    @ConditionalOnMissingBean
    OfflineEngine offlineEngine() {
        return new ArrowOfflineEngine();
    }

    @Bean
    Materializer materializer(Registry registry, RegistryDatabase database, OfflineEngine offline, OnlineStore online,
                              GranaryConfig config) {
        return Materializer.create(registry, database.dataSource(), offline, online, config.offline().root());
    }

    @Bean(destroyMethod = "close")
    MaterializationJobs materializationJobs(Materializer materializer, JobStore jobs,
                                            ObjectProvider<MaterializationListener> listeners) {
        // the shared job store: the one GET /api/v1/jobs/{id} reads, so it can answer a job's result
        return MaterializationJobs.create(materializer, jobs, 2, listeners.orderedStream().toList());
    }
}
