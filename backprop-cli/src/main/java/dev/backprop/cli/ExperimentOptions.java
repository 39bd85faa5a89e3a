package dev.backprop.cli;

import dev.backprop.cli.experiment.ExperimentCommands;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** How to run an experiment: shared by {@code run} and {@code reproduce}. */
public final class ExperimentOptions {

    @Option(names = "--output", paramLabel = "DIR", description = "Results folder (default: runs/<experiment name>).")
    Path output;

    @Option(names = "--threads", paramLabel = "N", description = "Runs trained at once (default: the number of cores).")
    Integer threads;

    @Option(names = "--force", description = "Run again even runs that finished with the same configuration.")
    boolean force;

    @Option(names = "--fast", description = "Use the fast variant (fewer epochs or less data), tagged as such.")
    boolean fast;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory with one folder per dataset.")
    Path dataDir;

    /** Runs the experiment {@code yaml} (read from {@code source}) with these options. */
    void run(CliContext context, String source, String yaml) throws Exception {
        ExperimentCommands.run(context, source, yaml, fast, output,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads, force, dataDir);
    }
}
