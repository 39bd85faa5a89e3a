package dev.backprop.cli;

import dev.backprop.cli.experiment.ExperimentCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code backprop reproduce NAME}: runs a bundled assignment experiment. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduce a whole assignment from its bundled experiment file: every task's runs, tables and"
                + " special steps, into runs/<name>/results.md.",
        footer = {"", "Examples:", "  backprop reproduce --list", "  backprop reproduce tdt4265-a2",
            "  backprop reproduce hlcv-a2 --fast", "  backprop reproduce --show tdt4265-a1 > a1.yaml"})
final class ReproduceCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "tdt4265-a1, tdt4265-a2 or hlcv-a2.")
    String name;

    @Option(names = "--list", description = "List the bundled experiments.")
    boolean list;

    @Option(names = "--show", description = "Print the experiment file (to copy and edit) instead of running it.")
    boolean show;

    @Option(names = "--fast", description = "The fast variant: fewer epochs or less data, tagged as such.")
    boolean fast;

    @Option(names = "--output", paramLabel = "DIR", description = "Results folder (default: runs/<name>).")
    Path output;

    @Option(names = "--threads", paramLabel = "N", description = "Runs trained at once (default: the number of cores).")
    Integer threads;

    @Option(names = "--force", description = "Run again even runs that already finished.")
    boolean force;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory with one folder per dataset.")
    Path dataDir;

    ReproduceCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (list || name == null) {
            for (String n : ExperimentCommands.BUNDLED) {
                context.out().printf("%-12s %s%n", n, ExperimentCommands.title(n));
            }
            if (name == null && !list) {
                context.err().println("help: run one with 'backprop reproduce NAME'");
            }
            return ExitCodes.OK;
        }
        String yaml = ExperimentCommands.bundled(name);
        if (show) {
            context.out().print(yaml);
            return ExitCodes.OK;
        }
        ExperimentCommands.run(context, name + ".yaml", yaml, fast, output,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads, force, dataDir);
        return ExitCodes.OK;
    }
}
