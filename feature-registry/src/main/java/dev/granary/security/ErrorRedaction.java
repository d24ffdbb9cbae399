package dev.granary.security;

import static java.util.Objects.requireNonNull;

import dev.granary.config.GranaryConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Takes out of an error message what a caller of the server must not learn: the registry's JDBC URL and the
 * Redis address (they name hosts and may carry credentials), and the absolute folders of the repository,
 * {@code offline.root} and {@code offline.exportRoot} (paths inside the repository become relative to it). The
 * local command line shows messages whole: there the user owns all of it.
 */
public final class ErrorRedaction {
    /** Longest first, so a root inside the repository is replaced before the repository itself. */
    private final List<Map.Entry<String, String>> replacements;

    private ErrorRedaction(List<Map.Entry<String, String>> replacements) {
        this.replacements = replacements.stream()
                .filter(e -> !e.getKey().isEmpty())
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
                .toList();
    }

    /** Redaction of everything {@code config} names. */
    public static ErrorRedaction of(GranaryConfig config) {
        requireNonNull(config, "config is null");
        List<Map.Entry<String, String>> r = new ArrayList<>();
        String url = config.registry().url();
        r.add(Map.entry(url, "the registry database"));
        r.add(Map.entry(url.replaceAll("(?i)(password=)[^&;]*", "$1****"), "the registry database"));
        int options = url.indexOf(';');
        if (options > 0) {
            r.add(Map.entry(url.substring(0, options), "the registry database"));
        }
        r.add(Map.entry(config.online().url(), "the online store"));
        Path repo = config.repoDir().toAbsolutePath().normalize();
        folder(r, config.offline().root(), repo, "offline.root");
        config.offline().exportRoot().ifPresent(p -> folder(r, p, repo, "offline.exportRoot"));
        r.add(Map.entry(repo + "/", ""));
        r.add(Map.entry(repo.toString(), "the repository"));
        return new ErrorRedaction(r);
    }

    /** No redaction (the local command line). */
    public static ErrorRedaction none() {
        return new ErrorRedaction(List.of());
    }

    /** {@code message} without the configured secrets and absolute folders; null stays null. */
    public String apply(String message) {
        if (message == null) {
            return null;
        }
        String text = message;
        for (Map.Entry<String, String> r : replacements) {
            text = text.replace(r.getKey(), r.getValue());
        }
        return text;
    }

    private static void folder(List<Map.Entry<String, String>> r, Path folder, Path repo, String name) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (!absolute.startsWith(repo)) {
            r.add(Map.entry(absolute + "/", ""));
            r.add(Map.entry(absolute.toString(), name));
        }
    }
}
