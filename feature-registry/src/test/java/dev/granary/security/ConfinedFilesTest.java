package dev.granary.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.config.GranaryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way out of {@code offline.root} and {@code offline.exportRoot} is refused, naming the path as given. */
class ConfinedFilesTest {
    @TempDir
    Path temp;
    private Path repo;
    private Path outside;
    private ConfinedFiles files;

    @BeforeEach
    void repository() throws IOException {
        repo = Files.createDirectories(temp.resolve("repo"));
        outside = Files.createDirectories(temp.resolve("otherteam"));
        Files.writeString(outside.resolve("payroll.parquet"), "secret");
        Files.createDirectories(repo.resolve("data"));
        Files.writeString(repo.resolve("data/entities.parquet"), "x");
        Files.createSymbolicLink(repo.resolve("data/escape"), outside);
        Files.createSymbolicLink(repo.resolve("data/dangling"), temp.resolve("not-yet"));
        files = ConfinedFiles.of(GranaryConfig.load(repo, Map.of()));
    }

    @Test
    void escapingPathsAreRefusedForSourcesInputsAndOutputs() {
        List<String> escapes = List.of("../otherteam/payroll.parquet", "data/../../otherteam/payroll.parquet",
                outside.resolve("payroll.parquet").toString(), "data/escape/payroll.parquet", "data/escape",
                "%2e%2e/otherteam/payroll.parquet", "..%2fotherteam%2fpayroll.parquet", "data%2F..%2F..%2Fetc",
                "..\\otherteam\\payroll.parquet", "data/dangling/out.parquet", "/etc/passwd", ".granary/registry.mv.db");
        Map<String, BiFunction<String, String, Path>> uses = Map.of(
                "source", files::source,
                "input", files::input,
                "output", (field, path) -> files.output(field, path, true));
        uses.forEach((use, resolve) -> {
            for (String path : escapes) {
                assertThatThrownBy(() -> resolve.apply("field", path)).as(use + " " + path)
                        .isInstanceOf(PathRefusedException.class)
                        .hasMessageContaining(path)
                        .extracting(e -> ((PathRefusedException) e).field()).isEqualTo("field");
            }
        });
    }

    @Test
    void refusalsNameTheRootByItsKeyNotItsAbsolutePath() {
        assertThatThrownBy(() -> files.source("sources[s].path", "../x.parquet"))
                .hasMessageContaining("offline.root").hasMessageNotContaining(repo.toString());
        assertThatThrownBy(() -> files.source("sources[s].path", "data/escape/payroll.parquet"))
                .hasMessageContaining("symbolic link").hasMessageNotContaining(outside.toString());
    }

    @Test
    void pathsInsideTheRootResolveWhetherRelativeOrAbsolute() {
        assertThat(files.source("f", "data/entities.parquet")).isEqualTo(repo.resolve("data/entities.parquet"));
        assertThat(files.input("f", repo.resolve("data/entities.parquet").toString()))
                .isEqualTo(repo.resolve("data/entities.parquet"));
        assertThat(files.output("f", "out/new/train.parquet", false)).isEqualTo(repo.resolve("out/new/train.parquet"));
    }

    @Test
    void anExistingOutputIsReplacedOnlyWhenAskedTo() {
        assertThatThrownBy(() -> files.output("output", "data/entities.parquet", false))
                .isInstanceOf(PathRefusedException.class).hasMessageContaining("already exists")
                .hasMessageContaining("overwrite");
        assertThat(files.output("output", "data/entities.parquet", true)).isEqualTo(repo.resolve("data/entities.parquet"));
        assertThatThrownBy(() -> ConfinedFiles.open(repo).output("output", "data/entities.parquet", false))
                .isInstanceOf(PathRefusedException.class);
    }

    @Test
    void anExportRootTakesOutputsAndRelativeOutputsResolveAgainstIt() throws IOException {
        Path exports = Files.createDirectories(temp.resolve("exports"));
        ConfinedFiles withExports = ConfinedFiles.of(GranaryConfig.load(repo,
                Map.of("GRANARY_OFFLINE_EXPORT_ROOT", exports.toString())));
        assertThat(withExports.output("output", "train.parquet", false)).isEqualTo(exports.resolve("train.parquet"));
        assertThatThrownBy(() -> withExports.output("output", repo.resolve("data/new.parquet").toString(), false))
                .isInstanceOf(PathRefusedException.class).hasMessageContaining("offline.exportRoot");
        assertThat(withExports.input("entities", exports.resolve("e.parquet").toString()))
                .isEqualTo(exports.resolve("e.parquet"));
    }

    @Test
    void theLocalPolicyRefusesNothingButOverwrites() {
        ConfinedFiles open = ConfinedFiles.open(repo);
        assertThat(open.input("entities", "../otherteam/payroll.parquet"))
                .isEqualTo(outside.resolve("payroll.parquet"));
    }
}
