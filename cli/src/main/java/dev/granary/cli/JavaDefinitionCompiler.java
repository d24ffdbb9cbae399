package dev.granary.cli;

import dev.granary.dsl.FeatureDefinitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a user's {@code .java} definitions in-process with the JDK compiler against the DSL on our own
 * class path, so a feature repository needs no build file. Compile errors come back as {@code file:line: message}.
 */
final class JavaDefinitionCompiler {

    /** Compiles the given sources and instantiates every public class implementing {@link FeatureDefinitions}. */
    List<FeatureDefinitions> compile(List<Path> sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new DefinitionException("this Java runtime has no compiler (javax.tools); run Granary on a JDK, not a JRE");
        }
        Path output = createTempDir();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of(
                    "-d", output.toString(),
                    "-classpath", System.getProperty("java.class.path"),
                    "-proc:none", "-nowarn", "-encoding", "UTF-8");
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            boolean ok = compiler.getTask(null, files, diagnostics, options, null, units).call();
            if (!ok) {
                throw new DefinitionException("the definitions do not compile:\n" + render(diagnostics.getDiagnostics()));
            }
            return instantiate(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String render(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String file = d.getSource() == null ? "<unknown>" : Path.of(d.getSource().toUri()).toString();
            out.append("  ").append(file).append(':').append(d.getLineNumber()).append(": ")
                    .append(d.getMessage(Locale.ROOT).lines().findFirst().orElse("")).append('\n');
        }
        return out.toString().stripTrailing();
    }

    private static List<FeatureDefinitions> instantiate(Path classesDir) throws IOException {
        List<String> classNames;
        try (Stream<Path> walk = Files.walk(classesDir)) {
            classNames = walk.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().contains("$"))
                    .map(p -> classesDir.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .sorted()
                    .toList();
        }
        // The loader stays open: the definitions' classes may be used after this method returns.
        @SuppressWarnings("resource")
        URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classesDir.toUri().toURL()},
                FeatureDefinitions.class.getClassLoader());
        List<FeatureDefinitions> found = new ArrayList<>();
        for (String name : classNames) {
            Class<?> type;
            try {
                type = loader.loadClass(name);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new DefinitionException("cannot load compiled class " + name + ": " + e);
            }
            if (!FeatureDefinitions.class.isAssignableFrom(type) || type.isInterface()
                    || Modifier.isAbstract(type.getModifiers())) {
                continue;
            }
            found.add(newInstance(type.asSubclass(FeatureDefinitions.class)));
        }
        return found;
    }

    private static FeatureDefinitions newInstance(Class<? extends FeatureDefinitions> type) {
        try {
            Constructor<? extends FeatureDefinitions> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new DefinitionException(type.getName() + " needs a constructor without parameters");
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DefinitionException("cannot create " + type.getName() + ": " + cause);
        }
    }

    /** A folder for the compiled classes, deleted with its content when the JVM exits (classes load lazily). */
    private static Path createTempDir() {
        try {
            Path dir = Files.createTempDirectory("granary-definitions");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temp folder is harmless
        }
    }
}
