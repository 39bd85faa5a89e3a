package dev.backprop.cli;

import dev.backprop.cli.experiment.ExperimentCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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

    @Option(names = "--output", paramLabel = "DIR", description = "Results folder (default: runs/<experiment name>).")
    Path output;

    @Option(names = "--threads", paramLabel = "N", description = "Runs trained at once (default: the number of cores).")
    Integer threads;

    @Option(names = "--force", description = "Run again even runs that finished with the same configuration.")
    boolean force;

    @Option(names = "--fast", description = "Use the file's fast variant (fewer epochs or less data), tagged as such.")
    boolean fast;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory with one folder per dataset.")
    Path dataDir;

    RunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ExperimentCommands.run(context, file.toString(), ExperimentCommands.read(context, file), fast, output,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads, force, dataDir);
        return ExitCodes.OK;
    }
}
