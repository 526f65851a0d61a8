package dev.downbeat.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code downbeat} command line. Subcommands register in the {@code subcommands} list below;
 * each is a picocli command returning its exit code.
 *
 * <p>Exit codes: 0 done, 2 bad input (one line naming the value or file and what is wrong, no
 * stack trace), 1 an unexpected failure (one line as well). Runs on the main thread.
 */
@Command(name = "downbeat",
        mixinStandardHelpOptions = true,
        versionProvider = DownbeatCli.Version.class,
        description = {"Downbeat, a neural drum machine: continues a drum pattern with a DrumRNN model.", ""},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Run 'downbeat COMMAND --help' for the options of a command."},
        subcommands = {
            GenerateCommand.class,
            dev.downbeat.app.play.PlayCommand.class,
            EvaluateCommand.class,
            ImportMagentaCommand.class,
            TrainCommand.class,
            RenderCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class DownbeatCli implements Runnable {
    /** Exit code of bad input. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code of an unexpected failure. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Entry point of the launcher script. */
    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command line with the given streams (tests call this directly).
     *
     * @return the exit code
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new DownbeatCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((problem, arguments) -> {
            err.println("downbeat: " + problem.getMessage());
            err.println("Try 'downbeat " + problem.getCommandLine().getCommandName().replace("downbeat", "").strip()
                    + (problem.getCommandLine().getParent() == null ? "" : " ") + "--help'.");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            if (failure instanceof BadInputException || failure instanceof IllegalArgumentException) {
                err.println("downbeat: " + failure.getMessage());
                err.flush();
                return EXIT_BAD_INPUT;
            }
            err.println("downbeat: unexpected " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
            err.flush();
            return EXIT_FAILURE;
        });
        int code = commandLine.execute(args);
        out.flush();
        return code;
    }

    /** Without a command: show the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DownbeatCli.class.getPackage().getImplementationVersion();
            return new String[] {"downbeat " + (version == null ? "development build" : version)};
        }
    }
}
