package dev.granary.offline;

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
 * The input fingerprint of an export: SHA-256 over the entity table's bytes, then each source file's absolute
 * path, size and modification time (sources can be large; their bytes are not hashed).
 */
final class Fingerprint {
    private Fingerprint() {
    }

    static String of(Path entityTable, List<Path> sources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(entityTable)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            for (Path source : sources) {
                String line = "\n" + source.toAbsolutePath() + "|" + Files.size(source) + "|"
                        + Files.getLastModifiedTime(source).toMillis();
                digest.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new OfflineStoreException("cannot fingerprint the export inputs: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
