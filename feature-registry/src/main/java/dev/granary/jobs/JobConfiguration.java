package dev.granary.jobs;

import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.RegistrySql;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The job table, shared by every kind of job the service runs. */
@Configuration(proxyBeanMethods = false)
class JobConfiguration {
    @Bean
    JobStore jobStore(RegistryDatabase database) {
        return new JobStore(new RegistrySql(database.dataSource()), Clock.systemUTC());
    }
}
