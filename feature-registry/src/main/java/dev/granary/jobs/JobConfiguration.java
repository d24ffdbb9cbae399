package dev.granary.jobs;

import dev.granary.assembly.GranaryParts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The job table, shared by every kind of job the service runs. */
@Configuration(proxyBeanMethods = false)
class JobConfiguration {
    @Bean
    JobStore jobStore(GranaryParts parts) {
        return parts.jobStore();
    }
}
