package io.qmkdc.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code deploy/qmkdc}: one subcommand per job. */
@Command(name = "qmkdc", mixinStandardHelpOptions = true, version = "qmkdc 0.1.0",
        description = "Emulator of centralized quantum multicast key management (QM_KDC).",
        subcommands = {DemoCommand.class, RunCommand.class, KeyRateCommand.class, LinkCommand.class, BenchCommand.class,
                SweepCommand.class, ReportCommand.class, FitPaperCommand.class, ServeCommand.class, AttackCommand.class,
                LoadCommand.class, NodeCommand.class, PkiCommand.class, RekeyCostCommand.class, KeysCommand.class, KmeLoadCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_USAGE = 2;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        io.qmkdc.cluster.AsyncCallbacks.ensureCommonPool(); // before an actor system touches the common pool
        // Bind SLF4J on this thread before any actor system or Kamon starts a thread that logs: a log call
        // racing the binding is replayed with a three-line SLF4J warning on every start.
        org.slf4j.LoggerFactory.getILoggerFactory();
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 bad input). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler(Main::onBadParameter);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> onFailure(ex, cmd));
        return cli.execute(args);
    }

    private static int onBadParameter(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        // One line that names the parameter; `--help` lists the ranges.
        err.println("error: " + ex.getMessage().replaceAll("\\s+", " ").trim()
                + " (see deploy/qmkdc " + ex.getCommandLine().getCommandName() + " --help)");
        err.flush();
        return EXIT_USAGE;
    }

    private static int onFailure(Exception ex, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof UsageError) {
            err.println("error: " + ex.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        err.println("error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
        if (System.getenv("QMKDC_DEBUG") != null) {
            ex.printStackTrace(err);
        } else {
            err.println("(set QMKDC_DEBUG=1 for the stack trace)");
        }
        err.flush();
        return 1;
    }
}
