package dev.backprop.cli;

import dev.backprop.cli.experiment.ExperimentCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    @Mixin
    ExperimentOptions options = new ExperimentOptions();

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
        options.run(context, name + ".yaml", yaml);
        return ExitCodes.OK;
    }
}
