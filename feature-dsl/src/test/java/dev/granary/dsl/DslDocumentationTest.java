package dev.granary.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.spec.RepoSpec;
import dev.granary.spec.Samples;
import dev.granary.spec.json.SpecJson;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/dsl.md promises a runnable definitions file and its canonical JSON; this keeps that promise checked. */
class DslDocumentationTest {
    private static final Path DOC = Path.of(System.getProperty("basedir", "."), "..", "docs", "dsl.md");

    private static String block(String language) throws IOException {
        Matcher matcher = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(DOC));
        assertThat(matcher.find()).as("a ```%s block in %s", language, DOC).isTrue();
        return matcher.group(1);
    }

    @Test
    void documentedDefinitionsCompileAndBuildTheDocumentedSpec(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("RidesFeatures.java");
        Files.writeString(source, block("java"));
        String classpath = Path.of(FeatureDefinitions.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();

        int status = compiler.run(null, null, null, "-classpath", classpath, "-d", dir.toString(), source.toString());

        assertThat(status).as("javac exit status").isZero();
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            FeatureDefinitions definitions = (FeatureDefinitions) loader.loadClass("RidesFeatures")
                    .getConstructor().newInstance();
            RepoSpec spec = Definitions.toSpec("default", definitions);

            assertThat(spec).isEqualTo(Samples.rides());
            assertThat(SpecJson.read(block("json"))).isEqualTo(spec);
            assertThat(SpecJson.write(spec)).isEqualTo(block("json"));
        }
    }
}
