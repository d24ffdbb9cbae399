package dev.granary.materialization;

import dev.granary.assembly.GranaryParts;
import dev.granary.jobs.JobStore;
import dev.granary.offline.OfflineEngine;
import dev.granary.registry.Registry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The materialization beans of the server: the offline engine (unless another part provides one) and the jobs. */
@Configuration(proxyBeanMethods = false)
class MaterializationConfiguration {
    @Bean
    @ConditionalOnMissingBean
    OfflineEngine offlineEngine(GranaryParts parts) {
        return parts.offlineEngine();
    }

    @Bean
    Materializer materializer(GranaryParts parts, Registry registry, OfflineEngine offline) {
        return parts.materializer(registry, offline);
    }

    /** Freshness per view for the metrics, refreshed after every materialization here. */
    @Bean(destroyMethod = "close")
    WatermarkFreshness watermarkFreshness(GranaryParts parts) {
        return new WatermarkFreshness(parts.registryDatabase().dataSource(), parts.metrics(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    MaterializationJobs materializationJobs(Materializer materializer, JobStore jobs,
                                            ObjectProvider<MaterializationListener> listeners) {
        // the shared job store: the one GET /api/v1/jobs/{id} reads, so it can answer a job's result
        return MaterializationJobs.create(materializer, jobs, 2, listeners.orderedStream().toList());
    }
}
