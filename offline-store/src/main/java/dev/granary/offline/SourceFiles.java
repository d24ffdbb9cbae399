package dev.granary.offline;

import dev.granary.spec.SourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Resolves a source's path to its Parquet files, in lexical path order (the file order of the tiebreak). */
final class SourceFiles {
    private SourceFiles() {
    }

    static Path resolve(SourceSpec source, Path offlineRoot) {
        Path p = Path.of(source.path());
        return p.isAbsolute() ? p : offlineRoot.resolve(p);
    }

    /** The files, or an empty list when the folder has none. @throws OfflineStoreException if the path is absent */
    static List<Path> of(SourceSpec source, Path offlineRoot) {
        Path path = resolve(source, offlineRoot);
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new OfflineStoreException("source '" + source.name() + "': " + source.path()
                    + " does not exist; fix sources[" + source.name() + "].path or offline.root");
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".parquet"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new OfflineStoreException("source '" + source.name() + "': cannot list " + source.path() + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }
}
