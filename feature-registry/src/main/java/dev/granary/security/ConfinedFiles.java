package dev.granary.security;

import static java.util.Objects.requireNonNull;

import dev.granary.config.GranaryConfig;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.SpecError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the server may read and write files for a caller: source paths and entity tables resolve inside
 * {@code offline.root} (or {@code offline.exportRoot}), training-set outputs inside {@code offline.exportRoot}
 * (else {@code offline.root}). A path is refused, naming it as given, when it has a {@code ..} segment, a
 * percent-encoded character, a backslash or a NUL, is absolute outside the roots, or reaches outside them
 * through a symbolic link (the real path of its deepest existing folder is compared, so a link made later
 * inside a folder that exists is caught too).
 *
 * <p>{@link #open} is the local command line's policy: the user owns the files, relative paths resolve against
 * the repository and nothing is refused.
 */
public final class ConfinedFiles {
    private static final Pattern PERCENT_ENCODED = Pattern.compile("%[0-9a-fA-F]{2}");

    private final Path repoDir;
    private final Path offlineRoot;
    private final Optional<Path> exportRoot;
    private final boolean confined;

    private ConfinedFiles(Path repoDir, Path offlineRoot, Optional<Path> exportRoot, boolean confined) {
        this.repoDir = requireNonNull(repoDir, "repoDir is null").toAbsolutePath().normalize();
        this.offlineRoot = requireNonNull(offlineRoot, "offlineRoot is null").toAbsolutePath().normalize();
        this.exportRoot = requireNonNull(exportRoot, "exportRoot is null").map(p -> p.toAbsolutePath().normalize());
        this.confined = confined;
    }

    /** The server's policy for a repository's configuration. */
    public static ConfinedFiles of(GranaryConfig config) {
        return new ConfinedFiles(config.repoDir(), config.offline().root(), config.offline().exportRoot(), true);
    }

    /** The local command line's policy: relative paths resolve against the repository; nothing is refused. */
    public static ConfinedFiles open(Path repoDir) {
        return new ConfinedFiles(repoDir, repoDir, Optional.empty(), false);
    }

    /** Every source path of the spec that leaves {@code offline.root}, as errors at {@code sources[name].path}. */
    public List<SpecError> check(RepoSpec spec) {
        List<SpecError> errors = new ArrayList<>();
        for (SourceSpec source : spec.sources()) {
            String field = "sources[" + source.name() + "].path";
            try {
                source(field, source.path());
            } catch (PathRefusedException e) {
                errors.add(new SpecError(field, e.getMessage(),
                        "give a path inside offline.root; relative paths resolve against it"));
            }
        }
        return List.copyOf(errors);
    }

    /** A source folder or file: relative to {@code offline.root}, inside it. @throws PathRefusedException if not */
    public Path source(String field, String given) {
        return confine(field, given, offlineRoot, List.of(offlineRoot), "offline.root");
    }

    /**
     * An input the caller names (an entity table): relative to the repository, inside {@code offline.root} or
     * {@code offline.exportRoot}. @throws PathRefusedException if not
     */
    public Path input(String field, String given) {
        List<Path> roots = new ArrayList<>(List.of(offlineRoot));
        exportRoot.ifPresent(roots::add);
        return confine(field, given, repoDir, roots, exportRoot.isPresent() ? "offline.root or offline.exportRoot"
                : "offline.root");
    }

    /**
     * A file to write: relative to {@code offline.exportRoot} when set (else the repository), inside it (else
     * inside {@code offline.root}); refused when it exists and {@code overwrite} is false.
     *
     * @throws PathRefusedException if outside, or existing without {@code overwrite}
     */
    public Path output(String field, String given, boolean overwrite) {
        Path path = exportRoot.isPresent()
                ? confine(field, given, exportRoot.get(), List.of(exportRoot.get()), "offline.exportRoot")
                : confine(field, given, repoDir, List.of(offlineRoot), "offline.root");
        if (Files.exists(path) && !overwrite) {
            throw new PathRefusedException(field, field + " '" + given + "' already exists; choose another path,"
                    + " or pass overwrite=true (granary export --overwrite) to replace it");
        }
        if (Files.isDirectory(path)) {
            throw new PathRefusedException(field, field + " '" + given + "' is a folder; give a file path");
        }
        return path;
    }

    /** The path as a caller may see it: relative to the repository when inside it, else only its file name. */
    public String describe(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (absolute.startsWith(repoDir)) {
            return repoDir.relativize(absolute).toString();
        }
        return ".../" + absolute.getFileName();
    }

    private Path confine(String field, String given, Path base, List<Path> roots, String rootName) {
        if (given == null || given.isBlank()) {
            throw new PathRefusedException(field, field + " is empty; give a path inside " + rootName);
        }
        if (!confined) {
            return resolve(field, given, base);
        }
        if (given.indexOf('\0') >= 0 || given.indexOf('\\') >= 0) {
            throw new PathRefusedException(field, field + " '" + printable(given) + "' holds a backslash or a NUL;"
                    + " write the path with / between folders, inside " + rootName);
        }
        if (PERCENT_ENCODED.matcher(given).find()) {
            throw new PathRefusedException(field, field + " '" + given + "' holds a percent-encoded character;"
                    + " paths are not URL-decoded, write it plainly, inside " + rootName);
        }
        for (Path segment : Path.of(given)) {
            if (segment.toString().equals("..")) {
                throw new PathRefusedException(field, field + " '" + given + "' has a '..' segment; give a path"
                        + " inside " + rootName + " without '..'");
            }
        }
        Path path = resolve(field, given, base);
        if (roots.stream().noneMatch(path::startsWith)) {
            throw new PathRefusedException(field, field + " '" + given + "' is outside " + rootName
                    + "; give a path inside it (relative paths resolve against " + (base.equals(repoDir)
                    ? "the repository" : rootName) + ")");
        }
        if (path.startsWith(repoDir.resolve(".granary"))) {
            throw new PathRefusedException(field, field + " '" + given + "' is inside .granary, the server's own"
                    + " stores; give a path to your data");
        }
        Path real = realPath(path);
        if (real == null || roots.stream().map(ConfinedFiles::realPath).filter(java.util.Objects::nonNull).noneMatch(real::startsWith)) {
            throw new PathRefusedException(field, field + " '" + given + "' leads outside " + rootName
                    + " through a symbolic link; give a path whose folders stay inside it");
        }
        return path;
    }

    private static Path resolve(String field, String given, Path base) {
        try {
            return base.resolve(given).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new PathRefusedException(field, field + " '" + printable(given) + "' is not a valid path");
        }
    }

    /**
     * The real path of the deepest existing ancestor with the not-yet-existing rest appended; null when a link on
     * the way leads nowhere (a dangling link could be created at its target later, so it is refused).
     */
    private static Path realPath(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            return null;
        }
    }

    private static String printable(String given) {
        return given.replace("\0", "\\0");
    }
}
