package dev.granary.flight;

import dev.granary.export.TrainingSets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Adds Arrow over REST to {@code granary serve} when this module is on the classpath (the CLI's is): Spring Boot
 * finds this class through {@code META-INF/spring/...AutoConfiguration.imports}, so the registry service, which
 * scans only its own packages, needs no Arrow dependency.
 */
@AutoConfiguration
public class ArrowRestConfiguration {
    /**
     * Made at the first Arrow request, not at start-up: Arrow's memory needs {@code --add-opens java.nio}, which
     * {@code ./granary} passes but a JVM only serving JSON need not.
     */
    @Bean(destroyMethod = "close")
    @Lazy
    BufferAllocator arrowRestAllocator() {
        return new RootAllocator();
    }

    @Bean
    ArrowTrainingSetController arrowTrainingSetController(TrainingSets trainingSets,
                                                           @Lazy BufferAllocator arrowRestAllocator) {
        return new ArrowTrainingSetController(trainingSets, arrowRestAllocator);
    }
}
