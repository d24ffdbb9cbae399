package dev.granary.cli;

import dev.granary.error.ExitCodes;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code granary} command line. Each sub-command parses its options, opens a {@link Workspace} and does its
 * work through the {@link dev.granary.cli.backend.RepositoryBackend} its {@link RepoOptions} chose; errors are printed as one clear message (no stack trace unless {@code GRANARY_DEBUG=1}) and
 * mapped to the exit codes of the contract: 0 success, 2 bad input, 1 anything else.
 */
@Command(name = GranaryCommand.NAME, mixinStandardHelpOptions = true, versionProvider = GranaryCommand.Version.class,
        description = "Granary: a feature store and catalog for the JVM.",
        footer = {"", "Run 'granary COMMAND --help' for a command's options. Docs: docs/cli.md"})
public final class GranaryCommand implements Runnable {
    /** The top-level command's name. */
    static final String NAME = "granary";

    /** The sub-commands, in the order {@code --help} lists them. */
    static final List<Subcommand> COMMANDS = List.of(new Subcommand("quickstart", QuickstartCommand.class),
            new Subcommand("plan", PlanCommand.class), new Subcommand("apply", ApplyCommand.class),
            new Subcommand("export", ExportCommand.class), new Subcommand("history", HistoryCommand.class),
            new Subcommand("rollback", RollbackCommand.class), new Subcommand("serve", ServeCommand.class),
            new Subcommand("materialize", MaterializeCommand.class),
            new Subcommand("materialize-incremental", MaterializeIncrementalCommand.class),
            new Subcommand("get", GetCommand.class), new Subcommand("search", SearchCommand.class),
            new Subcommand("stats", StatsCommand.class), new Subcommand("health", HealthCommand.class),
            new Subcommand("token", TokenCommand.class), new Subcommand("audit", AuditCommand.class),
            new Subcommand("help", CommandLine.HelpCommand.class));

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
     * The command line for arguments that start with {@code first}. When {@code first} names a sub-command (other
     * than {@code help}), the parser hands every later argument to that sub-command, so the top-level command's
     * options, text and other sub-commands are never read: the model holds the top-level name and that one
     * sub-command, and a short command such as {@code get} pays for its own model only (picocli builds a model by
     * reflecting over the command's annotations, a proxy class per annotation type, at every start). Otherwise
     * (help, a top-level option, an unknown name) the model is the whole command line.
     */
    static CommandLine commandLine(String first) {
        Subcommand named = COMMANDS.stream().filter(c -> c.name().equals(first) && !"help".equals(first))
                .findFirst().orElse(null);
        CommandLine cli;
        if (named == null) {
            cli = new CommandLine(new GranaryCommand());
            COMMANDS.forEach(command -> cli.addSubcommand(command.type()));
        } else {
            cli = new CommandLine(CommandLine.Model.CommandSpec.create().name(NAME));
            cli.addSubcommand(named.type());
        }
        cli.setExecutionExceptionHandler(GranaryCommand::handle);
        cli.setParameterExceptionHandler((e, args) -> {
            ClassArchiveRecord.markFailed();
            PrintWriter err = e.getCommandLine().getErr();
            err.println("granary: " + e.getMessage());
            err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.BAD_INPUT;
        });
        return cli;
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        ClassArchiveRecord.markFailed();
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

    /**
     * A sub-command: the name its {@code @Command} annotation gives (kept here too, so that finding the invoked
     * sub-command reads no annotations) and its class.
     */
    record Subcommand(String name, Class<?> type) {
        Subcommand {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(type, "type is null");
        }
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
