package dev.backprop.cli;

import dev.backprop.cli.experiment.ReportGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code backprop report DIR}: rebuilds an experiment's report from its saved runs. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Regenerate report.md, report.html (self-contained, with figures), results.md and results.csv"
                + " of an experiment from its saved runs, without training.",
        footer = {"", "Example:", "  backprop report runs/tdt4265-a2"})
final class ReportCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder 'backprop run' or 'backprop reproduce' wrote.")
    Path dir;

    ReportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Path page = ReportGenerator.generate(context.resolve(dir));
        context.out().println("wrote " + context.workingDir().relativize(page.toAbsolutePath()) + " and report.md,"
                + " results.md, results.csv beside it");
        return ExitCodes.OK;
    }
}
