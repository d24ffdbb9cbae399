package dev.granary.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The client's budget: what a service that depends on {@code granary-client} alone puts on its runtime classpath.
 * Maven writes that classpath (the client's runtime dependencies, transitive ones included) to
 * {@code target/runtime-classpath.txt} before the tests run; a new heavy dependency (Spring, Hadoop, the registry
 * service) fails this test.
 */
class ClientFootprintTest {
    static final int MAX_JARS = 15;
    static final long MAX_BYTES = 12L * 1024 * 1024;

    @Test
    void aConsumerGetsAtMostFifteenJarsAndTwelveMebibytes() throws IOException {
        Path listing = Path.of("target", "runtime-classpath.txt");
        assertThat(listing).as("written by the build (maven-dependency-plugin, runtime-classpath)").exists();
        List<Path> dependencies = Stream.of(Files.readString(listing).strip().split(File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(Path::of).toList();
        // the client itself: its jar in a packaged build, its classes before that
        Path self = Path.of("target", "classes");
        long bytes = size(self);
        for (Path dependency : dependencies) {
            bytes += size(dependency);
        }
        int jars = dependencies.size() + 1;
        assertThat(dependencies).as("runtime dependencies").noneMatch(p -> p.toString().contains("spring")
                || p.toString().contains("feature-registry") || p.toString().contains("hadoop"));
        assertThat(jars).as("runtime jars, the client's own included: %s", dependencies).isLessThanOrEqualTo(MAX_JARS);
        assertThat(bytes).as("bytes on the runtime classpath: %s", dependencies).isLessThanOrEqualTo(MAX_BYTES);
    }

    /** A jar's size, or the total size of a module's classes folder (the reactor resolves modules to folders). */
    private static long size(Path path) {
        try {
            if (!Files.isDirectory(path)) {
                return Files.size(path);
            }
            try (Stream<Path> files = Files.walk(path)) {
                return files.filter(Files::isRegularFile).mapToLong(f -> {
                    try {
                        return Files.size(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).sum();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
