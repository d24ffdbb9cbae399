package dev.granary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line's model: the whole of it for help and errors at the top level, the invoked sub-command alone
 * otherwise ({@link GranaryCommand#commandLine(String)}), with the same text, errors and exit codes either way.
 */
class GranaryCommandTest {

    /** Exit code, standard output and error of one in-process run. */
    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** As {@link GranaryCommand#run}: the model chosen by the first argument. */
    private static Run granary(String... args) {
        return run(GranaryCommand.commandLine(args.length == 0 ? null : args[0]), args);
    }

    @Test
    void everySubcommandIsListedUnderTheNameItsAnnotationGives() {
        for (GranaryCommand.Subcommand command : GranaryCommand.COMMANDS) {
            assertThat(command.type().getAnnotation(Command.class).name()).isEqualTo(command.name());
        }
        assertThat(GranaryCommand.commandLine().getSubcommands().keySet())
                .containsExactlyElementsOf(GranaryCommand.COMMANDS.stream().map(GranaryCommand.Subcommand::name).toList());
    }

    @Test
    void topLevelHelpListsEveryCommandInOrder() {
        for (String help : List.of("--help", "-h", "help")) {
            Run run = granary(help);
            assertThat(run.exitCode()).as(help).isZero();
            assertThat(run.out()).startsWith("Usage: granary [-hV] [COMMAND]")
                    .contains("Run 'granary COMMAND --help' for a command's options. Docs: docs/cli.md");
            String commands = run.out().substring(run.out().indexOf("Commands:"));
            List<String> listed = commands.lines().skip(1).filter(line -> line.matches("^  [a-z].*"))
                    .map(line -> line.trim().split(" ")[0]).toList();
            assertThat(listed).as(help).containsExactlyElementsOf(
                    GranaryCommand.COMMANDS.stream().map(GranaryCommand.Subcommand::name).toList());
        }
    }

    @Test
    void theInvokedSubcommandAloneHasTheSameHelpAsInTheWholeCommandLine() {
        CommandLine whole = GranaryCommand.commandLine();
        for (GranaryCommand.Subcommand command : GranaryCommand.COMMANDS) {
            if (command.name().equals("help")) {
                continue;
            }
            CommandLine alone = GranaryCommand.commandLine(command.name());
            assertThat(alone.getSubcommands()).containsOnlyKeys(command.name());
            assertThat(alone.getSubcommands().get(command.name()).getUsageMessage())
                    .isEqualTo(whole.getSubcommands().get(command.name()).getUsageMessage());
            Run help = granary(command.name(), "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).isEqualTo(whole.getSubcommands().get(command.name()).getUsageMessage());
        }
    }

    @Test
    void helpOfACommandByNameIsItsUsage() {
        Run run = granary("help", "get");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(granary("get", "--help").out());
    }

    @Test
    void anUnknownOptionOfACommandIsBadInputThatNamesTheOptionAndTheCommandsHelp() {
        Run run = granary("get", "--entity", "driver_id=1001", "--features", "v:f", "--bogus");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("granary: Unknown option: '--bogus'\n"
                + "Run 'granary get --help' for usage.\n");
    }

    @Test
    void aMissingRequiredOptionIsBadInputThatNamesTheOption() {
        Run run = granary("get", "--features", "v:f");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("granary: Missing required option: '--entity=KEY=VALUE[,KEY=VALUE]'\n"
                + "Run 'granary get --help' for usage.\n");
        Run both = granary("get", "--entity", "a=1", "--features", "v:f", "--feature-service", "s");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).startsWith("granary: Error: --features=VIEW:FEATURE, --feature-service=NAME are"
                + " mutually exclusive (specify only one)\n");
    }

    @Test
    void anUnknownCommandOrTopLevelOptionIsBadInputThatPointsAtTheTopLevelHelp() {
        Run command = granary("bogus");
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.err()).isEqualTo("granary: Unmatched argument at index 0: 'bogus'\n"
                + "Run 'granary --help' for usage.\n");
        Run option = granary("--bogus");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.err()).isEqualTo("granary: Unknown option: '--bogus'\nRun 'granary --help' for usage.\n");
        Run helpOfUnknown = granary("help", "bogus");
        assertThat(helpOfUnknown.exitCode()).isEqualTo(2);
        assertThat(helpOfUnknown.err()).startsWith("granary: Unknown subcommand 'bogus'.\n");
    }

    @Test
    void theVersionIsPrintedAtTheTopLevel() {
        Run run = granary("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("granary ").contains("(Java " + Runtime.version() + ")");
    }

    @Test
    void picocliRunsFromClassFilesTheClassArchiveCanHold() throws IOException {
        // the JVM's class-data archive skips class files older than Java 6 (major version 50); picocli's jar has
        // 49, this module compiles picocli's source for release 21 (65)
        try (InputStream in = CommandLine.class.getResourceAsStream("CommandLine.class")) {
            assertThat(in).isNotNull();
            byte[] header = in.readNBytes(8);
            int major = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            assertThat(major).isEqualTo(65);
        }
    }
}
