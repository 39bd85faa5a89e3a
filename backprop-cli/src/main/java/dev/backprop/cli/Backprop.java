package dev.backprop.cli;

import dev.backprop.data.DataException;
import dev.backprop.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The {@code backprop} command: train, evaluate and use neural networks from the command line.
 * Every error is one or two lines naming the cause and the fix, with the exit codes of
 * {@link ExitCodes}; {@code --debug} adds the stack trace.
 */
@Command(name = "backprop", mixinStandardHelpOptions = true, versionProvider = Backprop.Version.class,
        description = "Train neural networks by backpropagation, from scratch, in pure Java.",
        subcommands = {TrainCommand.class, RunCommand.class, ReproduceCommand.class, ReportCommand.class, EvalCommand.class, PredictCommand.class, GradcheckCommand.class,
            SummaryCommand.class, DataCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 unexpected failure, 2 bad usage or configuration,",
            "3 bad or missing data or file, 4 training diverged.",
            "Environment: BACKPROP_DATA (data directory), BACKPROP_CACHE (download cache),",
            "BACKPROP_MIRROR (download mirror)."})
public final class Backprop implements Runnable {

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'backprop train --help'");
    }

    /** Runs {@code backprop} with the process's streams and environment and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(CliContext.system(), args));
    }

    /** Runs {@code backprop} in-process and returns the exit code (what tests call). */
    public static int run(CliContext context, String... args) {
        CommandLine cli = new CommandLine(new Backprop(), new Factory(context));
        cli.setOut(new java.io.PrintWriter(context.out(), true));
        cli.setErr(new java.io.PrintWriter(context.err(), true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, arguments) -> {
            context.err().println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, context.err());
            context.err().println("help: see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(context, e, isDebug(parseResult)));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // Sizes are checked before the big allocations, but data and batches still take memory.
            context.err().printf(java.util.Locale.ROOT, "error: out of memory (this JVM may use %.1f GB)%n",
                    Runtime.getRuntime().maxMemory() / 1e9);
            context.err().println("help: use a smaller network, batch or dataset slice, or give Java more memory:"
                    + " BACKPROP_JAVA_OPTS=-Xmx16g ./backprop ...");
            return ExitCodes.UNEXPECTED;
        }
    }

    private static boolean isDebug(CommandLine.ParseResult result) {
        for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** Prints an error as the user should see it and returns its exit code. */
    static int report(CliContext context, Exception e, boolean debug) {
        int code;
        String message = e.getMessage();
        String help = null;
        if (e instanceof CliException c) {
            code = c.exitCode();
            help = c.help();
        } else if (e instanceof TrainingDivergedException) {
            code = ExitCodes.DIVERGED;
            help = "no model file was written and the last good checkpoint was kept; fix the cause, then start over"
                    + " (--fresh, or --force for experiments)";
        } else if (e instanceof DataException d) {
            code = ExitCodes.DATA;
            help = d.help();
        } else if (e instanceof IOException || e instanceof UncheckedIOException) {
            code = ExitCodes.DATA;
        } else if (e instanceof IllegalArgumentException) {
            code = ExitCodes.USAGE;
        } else {
            code = ExitCodes.UNEXPECTED;
            message = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
            help = "this is a bug in Backprop; run again with --debug and report the stack trace";
        }
        context.err().println("error: " + message);
        if (help != null) {
            context.err().println("help: " + help);
        }
        if (debug) {
            e.printStackTrace(context.err());
        }
        return code;
    }

    /** Creates commands with the context injected. */
    private record Factory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (var constructor : type.getDeclaredConstructors()) {
                if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == CliContext.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(context));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** The version from the jar's manifest, with the JDK it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Backprop.class.getPackage().getImplementationVersion();
            return List.of("backprop " + (v == null ? "(development build)" : v),
                    "JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                    "kernels: " + dev.backprop.tensor.Kernels.description())
                    .toArray(new String[0]);
        }
    }
}
