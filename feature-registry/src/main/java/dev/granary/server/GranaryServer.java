package dev.granary.server;

import dev.granary.config.GranaryConfig;
import dev.granary.registry.RegistryDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** The Spring Boot application of {@code granary serve}: REST API on the registry (and later online API, UI). */
// the online API and materialization jobs live in their own feature packages next to this one
@SpringBootApplication(proxyBeanMethods = false, scanBasePackages = {"dev.granary.server", "dev.granary.serving",
        "dev.granary.materialization", "dev.granary.catalog", "dev.granary.statistics", "dev.granary.export",
        "dev.granary.jobs", "dev.granary.security", "dev.granary.metrics",
        "dev.granary.health"})
public class GranaryServer {
    /** The property naming the repository folder when the server starts without a {@link GranaryConfig}. */
    public static final String REPO_PROPERTY = "granary.repo";

    /**
     * Starts the server for a repository's configuration, on {@code config.server().port()}, and returns the
     * running context (close it to stop). Extra Spring arguments ({@code --server.address=...}) may follow.
     *
     * @throws dev.granary.error.StorageException when the registry database cannot be opened
     */
    public static ConfigurableApplicationContext start(GranaryConfig config, String... args) {
        // an unreachable database is the common start-up failure: one clear sentence, not a Spring stack trace
        RegistryDatabase.checkReachable(config.registry());
        SpringApplication application = new SpringApplication(GranaryServer.class);
        if (config.logging().json()) {
            // Spring Boot's structured logging, set before the logging system starts (context initializers run
            // after it): the console writes one Logstash-shaped JSON object per line
            application.setDefaultProperties(Map.of("logging.structured.format.console", "logstash"));
        }
        application.addInitializers(context -> {
            context.getBeanFactory().registerSingleton("granaryConfig", config);
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("granary.yaml",
                    Map.of("server.port", config.server().port())));
        });
        return application.run(args);
    }

    /** Runs the server for the repository in {@code -Dgranary.repo=DIR} (default: the working directory). */
    public static void main(String[] args) {
        start(GranaryConfig.load(Path.of(System.getProperty(REPO_PROPERTY, "."))), args);
    }
}
