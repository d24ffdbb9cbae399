package dev.granary.offline.spark;

import dev.granary.offline.OfflineStoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jar a cluster's executors load the engine's own classes from ({@link PointInTimeMerge} runs on them): the
 * module's jar when the engine runs from one, else a jar made of this package's class files (a build's
 * {@code target/classes}, as {@code ./granary} runs it). Executors need nothing else of Granary.
 */
final class ExecutorJar {
    private ExecutorJar() {
    }

    /** A local path to a jar holding this package's classes. */
    static String path() {
        CodeSource source = ExecutorJar.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new OfflineStoreException("cannot find where the Spark engine's classes are loaded from; add the"
                    + " offline-spark jar to offline.spark.conf spark.jars");
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Files.isDirectory(location) ? pack(location).toString() : location.toString();
        } catch (URISyntaxException | IOException e) {
            throw new OfflineStoreException("cannot make a jar of the Spark engine's classes for the executors: "
                    + e.getMessage() + "; add the offline-spark jar to offline.spark.conf spark.jars", e);
        }
    }

    /** A temporary jar of the class files under {@code classes}' folder of this package. */
    private static Path pack(Path classes) throws IOException {
        String folder = ExecutorJar.class.getPackageName().replace('.', '/');
        Path jar = Files.createTempFile("granary-offline-spark-", ".jar");
        jar.toFile().deleteOnExit();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes.resolve(folder))) {
            files = walk.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            for (Path file : files) {
                zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
