package dev.granary.server.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Gives Tomcat a temporary base folder that the server deletes when it stops. Tomcat needs one (it makes
 * {@code work/Tomcat/localhost/ROOT} in it at every start); Spring Boot's own lies in the system's temporary folder
 * and is never deleted, as it is not empty when the JVM ends, so every start of {@code granary serve} left one behind.
 * A folder set with {@code server.tomcat.basedir} is the user's and is left alone.
 */
@Component
class TomcatWorkFolder implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(TomcatWorkFolder.class);

    private final Environment environment;
    private Path folder;

    TomcatWorkFolder(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (environment.getProperty("server.tomcat.basedir") != null) {
            return;
        }
        try {
            folder = Files.createTempDirectory("granary-tomcat-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Tomcat's base folder in the system's temporary folder ("
                    + System.getProperty("java.io.tmpdir") + "); set server.tomcat.basedir to a writable folder", e);
        }
        factory.setBaseDirectory(folder.toFile());
    }

    /** Runs after the web server has stopped (Spring stops it before it destroys the beans). */
    @Override
    public void destroy() {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete Tomcat's base folder {}: {}", folder, e.toString());
        }
    }
}
