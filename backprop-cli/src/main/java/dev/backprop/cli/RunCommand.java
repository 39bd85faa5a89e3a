package dev.backprop.cli;

import dev.backprop.cli.experiment.ExperimentCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code backprop run FILE}: runs an experiment file. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run every run, search and step of an experiment file (YAML); writes results.md, results.csv and"
                + " one folder per run. Finished runs are not repeated; interrupted ones resume.",
        footer = {"", "Example:", "  backprop reproduce --show tdt4265-a2 > mine.yaml   # copy, edit, then",
            "  backprop run mine.yaml --threads 2"})
final class RunCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "FILE", description = "The experiment file.")
    Path file;

    @Mixin
    ExperimentOptions options = new ExperimentOptions();

    RunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        options.run(context, file.toString(), ExperimentCommands.read(context, file));
        return ExitCodes.OK;
    }
}
