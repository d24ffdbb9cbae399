package dev.granary.offline;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The input fingerprint of an export ({@link ExportResult#inputFingerprint()}), the same for every engine: SHA-256
 * over the entity table's bytes, then each source file's location, size and modification time (sources can be
 * large; their bytes are not hashed). An engine on another file system gives each file's status as that file
 * system reports it ({@link #of(Path, List, SourceStatus)}).
 */
public final class InputFingerprint {
    private InputFingerprint() {
    }

    /**
     * What the fingerprint takes of a source file.
     *
     * @param location       the file's absolute local path, or its URI on a remote file system
     * @param size           its length in bytes
     * @param modifiedMillis its modification time, in milliseconds since the epoch
     */
    public record SourceFile(String location, long size, long modifiedMillis) {
        public SourceFile {
            requireNonNull(location, "location is null");
        }
    }

    /** Reads a source file's {@link SourceFile} from the file system it is on. */
    @FunctionalInterface
    public interface SourceStatus<F> {
        SourceFile of(F file) throws IOException;
    }

    /**
     * The fingerprint of the entity table (a local file) and {@code sources}, in order, each read by {@code status}.
     *
     * @throws OfflineStoreException if the entity table or a source file's status cannot be read
     */
    public static <F> String of(Path entityTable, List<F> sources, SourceStatus<F> status) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(entityTable)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            for (F source : sources) {
                SourceFile file = status.of(source);
                String line = "\n" + file.location() + "|" + file.size() + "|" + file.modifiedMillis();
                digest.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new OfflineStoreException("cannot fingerprint the export inputs: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The fingerprint of an entity table and source files on the local file system. */
    static String ofLocal(Path entityTable, List<Path> sources) {
        return of(entityTable, sources, file -> new SourceFile(file.toAbsolutePath().toString(), Files.size(file),
                Files.getLastModifiedTime(file).toMillis()));
    }
}
