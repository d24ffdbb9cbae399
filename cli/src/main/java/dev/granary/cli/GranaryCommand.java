package dev.granary.cli;

import dev.granary.error.ExitCodes;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code granary} command line. Each sub-command parses its options, opens a {@link Workspace} and does its
 * work through the {@link dev.granary.cli.backend.RepositoryBackend} its {@link RepoOptions} chose; errors are printed as one clear message (no stack trace unless {@code GRANARY_DEBUG=1}) and
 * mapped to the exit codes of the contract: 0 success, 2 bad input, 1 anything else.
 */
@Command(name = "granary", mixinStandardHelpOptions = true, versionProvider = GranaryCommand.Version.class,
        description = "Granary: a feature store and catalog for the JVM.",
        footer = {"", "Run 'granary COMMAND --help' for a command's options. Docs: docs/cli.md"})
public final class GranaryCommand implements Runnable {
    /** The sub-commands, in the order {@code --help} lists them. */
    private static final List<Class<?>> COMMANDS = List.of(QuickstartCommand.class, PlanCommand.class,
            ApplyCommand.class, ExportCommand.class, HistoryCommand.class, RollbackCommand.class, ServeCommand.class,
            MaterializeCommand.class, MaterializeIncrementalCommand.class, GetCommand.class, SearchCommand.class,
            StatsCommand.class, HealthCommand.class, TokenCommand.class, AuditCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Held so the level sticks: Lucene's hint about the incubating vector API is noise on a command line. */
    private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene");

    public static void main(String[] args) {
        LUCENE_LOG.setLevel(java.util.logging.Level.SEVERE);
        if (!List.of(args).contains("serve")) {
            // Before any logger exists: library chatter would otherwise mix with the command's output.
            System.setProperty(CommandLogging.PROPERTY, "command");
        }
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by tests and {@link #main}). */
    public static int run(String... args) {
        return commandLine(args.length == 0 ? null : args[0]).execute(args);
    }

    /** The command line with every sub-command. */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line with only sub-command {@code first} when that names one, else with all (for help, and for the
     * error that suggests a name). Building a sub-command's model reflects over its options and mixins; a short command
     * such as {@code get} pays for its own only.
     */
    static CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(new GranaryCommand());
        Class<?> named = COMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(first))
                .findFirst().orElse(null);
        for (Class<?> command : named == null || named == CommandLine.HelpCommand.class ? COMMANDS : List.of(named)) {
            cli.addSubcommand(command);
        }
        cli.setExecutionExceptionHandler(GranaryCommand::handle);
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("granary: " + e.getMessage());
            err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.BAD_INPUT;
        });
        return cli;
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        err.println("granary " + cli.getCommandName() + ": " + message);
        if ("1".equals(System.getenv("GRANARY_DEBUG"))) {
            e.printStackTrace(err);
        }
        err.flush();
        if (e instanceof CommandLine.IExitCodeGenerator generator) {
            return generator.getExitCode();
        }
        return e instanceof DefinitionException ? ExitCodes.BAD_INPUT : ExitCodes.of(e);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = GranaryCommand.class.getPackage().getImplementationVersion();
            return new String[] {"granary " + (version == null ? "0.1.0-SNAPSHOT" : version)
                    + " (Java " + Runtime.version() + ")"};
        }
    }
}
