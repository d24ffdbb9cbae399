package dev.granary.export;

import dev.granary.assembly.GranaryParts;
import dev.granary.security.ConfinedFiles;
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
        // the service confines entity tables and outputs; the command line's parts do not (the user owns the files)
        return new TrainingSets(registry, engine, parts.registryDatabase().dataSource(), ConfinedFiles.of(parts.config()),
                parts.config().offline().root());
    }

    @Bean(destroyMethod = "close")
    TrainingSetJobs trainingSetJobs(TrainingSets trainingSets, JobStore jobs) {
        return new TrainingSetJobs(trainingSets, jobs, 1);
    }
}
