package dev.granary.server;

import dev.granary.config.GranaryConfig;
import dev.granary.registry.RegistryDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.gson.GsonAutoConfiguration;
import org.springframework.boot.autoconfigure.http.client.HttpClientAutoConfiguration;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.autoconfigure.netty.NettyAutoConfiguration;
import org.springframework.boot.autoconfigure.sql.init.SqlInitializationAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.MultipartAutoConfiguration;
import org.springframework.boot.autoconfigure.websocket.servlet.WebSocketServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The Spring Boot application of {@code granary serve}: REST API on the registry (and later online API, UI).
 *
 * <p>The CLI's build runs Spring's ahead-of-time processing on this class ({@code process-aot} in
 * {@code cli/pom.xml}): it writes the bean definitions as code, so a server started with
 * {@code -Dspring.aot.enabled=true} (as {@code ./granary serve} does) skips parsing the configuration classes,
 * scanning the packages and evaluating the auto-configuration conditions. Those conditions are decided at build time,
 * so a bean that depends on {@code granary.yaml} decides inside its factory method, never with a condition.
 */
// the online API and materialization jobs live in their own feature packages next to this one. Left out:
// auto-configurations the classpath switches on that the server never uses (outbound HTTP clients, Gson, task
// executors and schedulers, WebSocket, multipart uploads, message bundles, proxies for aspects, SQL scripts, SSL
// bundles, build info, Netty's leak detector); each costs beans, and some a bean post-processor, at every start
@SpringBootApplication(proxyBeanMethods = false, scanBasePackages = {"dev.granary.server", "dev.granary.serving",
        "dev.granary.materialization", "dev.granary.catalog", "dev.granary.statistics", "dev.granary.export",
        "dev.granary.jobs", "dev.granary.security", "dev.granary.metrics",
        "dev.granary.health"}, exclude = {AopAutoConfiguration.class, GsonAutoConfiguration.class,
        HttpClientAutoConfiguration.class, RestClientAutoConfiguration.class, RestTemplateAutoConfiguration.class,
        ProjectInfoAutoConfiguration.class, NettyAutoConfiguration.class, SqlInitializationAutoConfiguration.class,
        SslAutoConfiguration.class, TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
        WebSocketServletAutoConfiguration.class, MultipartAutoConfiguration.class,
        MessageSourceAutoConfiguration.class})
public class GranaryServer {
    /** The property naming the repository folder when the server starts without a {@link GranaryConfig}. */
    public static final String REPO_PROPERTY = "granary.repo";
    /** Set by Spring while its ahead-of-time processing calls {@link #main} at build time. */
    private static final String AOT_PROCESSING_PROPERTY = "spring.aot.processing";

    /**
     * Starts the server for a repository's configuration, on {@code config.server().port()}, and returns the
     * running context (close it to stop). Extra Spring arguments ({@code --server.address=...}) may follow.
     *
     * @throws dev.granary.error.StorageException when the registry database cannot be opened
     */
    public static ConfigurableApplicationContext start(GranaryConfig config, String... args) {
        // An unreachable database is the common start-up failure: one clear sentence, not a Spring stack trace.
        // The check connects on its own thread while Spring prepares (opening an embedded H2 database takes
        // ~0.1 s that need not hold up the start); the server's pool asks for its first connection well after
        // that, and the check's connection stays open until then, so an embedded H2 database is opened once.
        FutureTask<Connection> reachable = new FutureTask<>(() -> RegistryDatabase.connect(config.registry()));
        Thread.ofPlatform().name("granary-registry-check").daemon().start(reachable);
        try {
            return application(config).run(args);
        } catch (RuntimeException e) {
            connection(reachable); // throws the check's sentence when the database could not be reached
            throw e;
        } finally {
            try {
                connection(reachable).close();
            } catch (SQLException | RuntimeException e) {
                // the server has its own pool by now; this connection only held the database open
            }
        }
    }

    /** The check's connection, or the check's own error (a {@link dev.granary.error.StorageException}). */
    private static Connection connection(FutureTask<Connection> reachable) {
        try {
            return reachable.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the registry database", e);
        }
    }

    private static SpringApplication application(GranaryConfig config) {
        SpringApplication application = new SpringApplication(GranaryServer.class);
        // the ahead-of-time initializer is named after the main class, and `granary serve` runs in the CLI's main
        application.setMainApplicationClass(GranaryServer.class);
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
        return application;
    }

    /** Runs the server for the repository in {@code -Dgranary.repo=DIR} (default: the working directory). */
    public static void main(String[] args) {
        if (Boolean.getBoolean(AOT_PROCESSING_PROPERTY)) {
            // build time: Spring records the bean definitions and creates none of Granary's beans, so the
            // configuration's values do not matter, and no repository or database is read
            application(GranaryConfig.defaults(Path.of("."))).run(args);
            return;
        }
        start(GranaryConfig.load(Path.of(System.getProperty(REPO_PROPERTY, "."))), args);
    }
}
