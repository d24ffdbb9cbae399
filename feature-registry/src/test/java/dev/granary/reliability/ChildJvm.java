package dev.granary.reliability;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a class of this test class path as a child JVM, its stderr into a file, so a test can kill it. */
final class ChildJvm {
    private ChildJvm() {
    }

    static Process start(String mainClass, Path stderr, String... args) throws IOException {
        return new ProcessBuilder(command(List.of(), mainClass, args)).redirectError(stderr.toFile()).start();
    }

    /** Starts {@code mainClass} with {@code jvmOptions}, its stdout and stderr both into {@code output}. */
    static Process startLogged(List<String> jvmOptions, String mainClass, Path output, String... args)
            throws IOException {
        return new ProcessBuilder(command(jvmOptions, mainClass, args)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    /**
     * Starts {@code mainClass} under a file-size limit ({@code ulimit -f}, in KiB), its stdout and stderr both into
     * {@code output}. HotSpot ignores SIGXFSZ, so a write past the limit fails with an IOException ("File too
     * large") as a write to a full disk does, with no root rights or special file system.
     */
    static Process startWithFileLimit(long limitKib, String mainClass, Path output, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -f " + limitKib + " && exec \"$@\"",
                "bash"));
        command.addAll(command(List.of(), mainClass, args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static List<String> command(List<String> jvmOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--enable-native-access")
                    || arg.startsWith("--sun-misc-unsafe-memory-access")) {
                command.add(arg);
            }
        }
        command.add("-Xmx512m");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass); // by name: this JVM need not load it
        command.addAll(List.of(args));
        return command;
    }
}
