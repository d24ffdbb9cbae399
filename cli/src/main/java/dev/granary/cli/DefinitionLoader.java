package dev.granary.cli;

import dev.granary.dsl.Definitions;
import dev.granary.dsl.FeatureDefinitions;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns what a user points at (a {@code .java} file, a {@code *.granary.json} file or a folder) into the canonical
 * spec. A folder holds Java definitions or one JSON spec, not both, so there is never a question of which wins.
 */
final class DefinitionLoader {
    private static final Set<String> SKIPPED_FOLDERS = Set.of(".granary", ".git", "target", "node_modules", "data");

    private final JavaDefinitionCompiler compiler = new JavaDefinitionCompiler();

    RepoSpec load(Path path, String defaultProject) {
        if (!Files.exists(path)) {
            throw new DefinitionException(path + " does not exist; give a .java file, a .granary.json file or a folder");
        }
        List<Path> files = Files.isDirectory(path) ? definitionFiles(path) : List.of(path);
        List<Path> java = files.stream().filter(f -> f.toString().endsWith(".java")).toList();
        List<Path> json = files.stream().filter(f -> f.getFileName().toString().endsWith(".granary.json")).toList();
        if (java.isEmpty() && json.isEmpty()) {
            throw new DefinitionException("no definitions in " + path
                    + ": expected .java files implementing FeatureDefinitions or a *.granary.json spec");
        }
        if (!java.isEmpty() && !json.isEmpty()) {
            throw new DefinitionException(path + " holds both Java definitions and " + json.get(0).getFileName()
                    + "; keep one kind of definition per repository (or point at one file)");
        }
        if (json.size() > 1) {
            throw new DefinitionException(path + " holds several specs " + json.stream().map(Path::getFileName).toList()
                    + "; keep one *.granary.json per repository (or point at one file)");
        }
        if (!json.isEmpty()) {
            try {
                return SpecJson.read(json.get(0));
            } catch (IOException e) {
                throw new DefinitionException("cannot read " + json.get(0) + ": " + e.getMessage());
            }
        }
        List<FeatureDefinitions> definitions = compiler.compile(java);
        if (definitions.isEmpty()) {
            throw new DefinitionException("no class in " + java.stream().map(Path::getFileName).toList()
                    + " implements dev.granary.dsl.FeatureDefinitions");
        }
        try {
            return Definitions.toSpec(defaultProject, definitions);
        } catch (IllegalStateException | IllegalArgumentException | NullPointerException e) {
            throw new DefinitionException("the definitions are inconsistent: " + e.getMessage());
        }
    }

    private static List<Path> definitionFiles(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> folder.relativize(f).getNameCount() == 1 || !skipped(folder.relativize(f)))
                    .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".granary.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative.getParent()) {
            if (SKIPPED_FOLDERS.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }
}
