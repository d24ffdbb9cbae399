package dev.granary.export;

import dev.granary.assembly.GranaryParts;
import dev.granary.jobs.JobStore;
import dev.granary.offline.OfflineEngine;
import dev.granary.registry.Registry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Training-set export in the service: the export itself and its jobs. */
@Configuration(proxyBeanMethods = false)
class ExportConfiguration {
    @Bean
    TrainingSets trainingSets(GranaryParts parts, Registry registry, OfflineEngine engine) {
        return parts.trainingSets(registry, engine);
    }

    @Bean(destroyMethod = "close")
    TrainingSetJobs trainingSetJobs(TrainingSets trainingSets, JobStore jobs) {
        return new TrainingSetJobs(trainingSets, jobs, 1);
    }
}
