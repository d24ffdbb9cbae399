package dev.granary.export;

import dev.granary.config.GranaryConfig;
import dev.granary.jobs.JobStore;
import dev.granary.offline.OfflineEngine;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryDatabase;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Training-set export in the service: the export itself and its jobs. */
@Configuration(proxyBeanMethods = false)
class ExportConfiguration {
    @Bean
    TrainingSets trainingSets(Registry registry, OfflineEngine engine, RegistryDatabase database, GranaryConfig config) {
        return new TrainingSets(registry, engine, database.dataSource(), config.repoDir(), config.offline().root());
    }

    @Bean(destroyMethod = "close")
    TrainingSetJobs trainingSetJobs(TrainingSets trainingSets, JobStore jobs) {
        return new TrainingSetJobs(trainingSets, jobs, 1);
    }
}
