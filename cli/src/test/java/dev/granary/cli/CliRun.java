package dev.granary.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The outcome of running {@code granary}, in this JVM or as a separate process: exit code, standard output and error. */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code granary ARGS} in this JVM, as {@link GranaryCommand#main} does short of exiting. */
    static CliRun inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GranaryCommand.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs {@code granary ARGS --repo REPO} in this JVM. */
    static CliRun inRepo(Path repo, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--repo";
        all[args.length + 1] = repo.toString();
        return inProcess(all);
    }

    /** Runs {@code granary ARGS} in a new JVM on this test's class path, in the given working directory. */
    static CliRun granary(Path workingDir, String... args) {
        try {
            Process process = new ProcessBuilder(command(args)).directory(workingDir.toFile()).start();
            process.getOutputStream().close();
            var out = process.getInputStream().readAllBytes();
            var err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("granary " + String.join(" ", args) + " did not finish");
            }
            return new CliRun(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts {@code granary ARGS} in the background (output discarded); the caller stops it. */
    static Process start(Path workingDir, String... args) {
        try {
            return new ProcessBuilder(command(args)).directory(workingDir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED"); // as ./granary: Arrow Flight's buffers
        if (List.of(args).contains("serve")) {
            // as ./granary: the server runs on the bean definitions this module's build wrote ahead of time
            command.add("-Dspring.aot.enabled=true");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(GranaryCommand.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
