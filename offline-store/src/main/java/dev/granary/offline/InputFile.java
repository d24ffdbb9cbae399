package dev.granary.offline;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One file an export reads, with its fingerprint, so a later replay can tell whether it changed: the entity
 * table's is the SHA-256 of its bytes, a source file's its size and modification time (sources can be large; the
 * same rule as {@link ExportResult#inputFingerprint()}).
 *
 * @param role {@code entities}, or {@code source NAME} for a file of source {@code NAME}
 */
public record InputFile(String role, Path path, String fingerprint) {
    public InputFile {
        requireNonNull(role, "role is null");
        requireNonNull(path, "path is null");
        requireNonNull(fingerprint, "fingerprint is null");
    }

    /**
     * The files an export of {@code features} reads now: the entity table (when given), then the files of each
     * requested view's source, each source once, in lexical path order.
     *
     * @throws OfflineStoreException if a view is unknown or a file cannot be read
     */
    public static List<InputFile> of(RepoSpec spec, List<FeatureRef> features, Path entityTable, Path offlineRoot) {
        Path root = offlineRoot == null ? Path.of(".") : offlineRoot;
        List<InputFile> inputs = new ArrayList<>();
        if (entityTable != null) {
            Path table = entityTable.toAbsolutePath().normalize();
            inputs.add(new InputFile("entities", table, Files.isRegularFile(table) ? contentHash(table) : "missing"));
        }
        Set<String> sources = new LinkedHashSet<>();
        for (FeatureRef ref : features) {
            FeatureViewSpec view = spec.featureView(ref.view()).orElseThrow(() -> new OfflineStoreException(
                    "project '" + spec.project() + "' has no feature view '" + ref.view() + "'"));
            sources.add(view.source());
        }
        for (String name : sources) {
            SourceSpec source = spec.source(name).orElseThrow(() -> new OfflineStoreException(
                    "the spec defines no source '" + name + "'; add it to sources"));
            Path path = SourceFiles.resolve(source, root);
            if (!Files.exists(path)) {
                inputs.add(new InputFile("source " + name, path.toAbsolutePath().normalize(), "missing"));
                continue;
            }
            for (Path file : SourceFiles.of(source, root)) {
                inputs.add(new InputFile("source " + name, file.toAbsolutePath().normalize(), sizeAndTime(file)));
            }
        }
        return List.copyOf(inputs);
    }

    private static String sizeAndTime(Path file) {
        try {
            return "size " + Files.size(file) + ", modified " + Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw new OfflineStoreException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    private static String contentHash(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return "sha256 " + HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new OfflineStoreException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
