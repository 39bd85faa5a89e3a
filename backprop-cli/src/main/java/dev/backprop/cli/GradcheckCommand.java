package dev.backprop.cli;

import dev.backprop.check.GradientCheck;
import dev.backprop.check.GradientCheckReport;
import dev.backprop.data.Dataset;
import dev.backprop.nn.Network;
import dev.backprop.nn.NetworkSpec;
import dev.backprop.nn.Objective;
import dev.backprop.nn.Regularization;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code backprop gradcheck}: numerical gradient check of a network spec on a few real examples. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check the network's backpropagation against centred differences in float64, on the first"
                + " examples of the dataset; prints each parameter tensor's relative errors.",
        footer = {"", "Example:", "  backprop gradcheck --hidden 64 --activation improved_sigmoid --examples 8"})
final class GradcheckCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--examples", defaultValue = "8", paramLabel = "N", description = "Examples in the batch. Default: ${DEFAULT-VALUE}.")
    int examples;

    @Option(names = "--step", defaultValue = "1e-5", paramLabel = "H", description = "Difference step. Default: ${DEFAULT-VALUE}.")
    double step;

    @Option(names = "--max-entries", defaultValue = "500", paramLabel = "N",
            description = "Check a sample of this many entries of larger tensors. Default: ${DEFAULT-VALUE}.")
    int maxEntries;

    @Option(names = "--regularization", defaultValue = "none", paramLabel = "KIND", description = "none, weight_decay or l2.")
    String regularization;

    @Option(names = "--lambda", defaultValue = "0", paramLabel = "L", description = "Regularisation strength.")
    double lambda;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the initial weights.")
    long seed;

    @Option(names = "--tolerance", defaultValue = "1e-7", paramLabel = "T",
            description = "Exit with code 1 when a relative error reaches this. Default: ${DEFAULT-VALUE}.")
    double tolerance;

    GradcheckCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Regularization reg = Regularization.parse(regularization, lambda);
        var loss = model.loss();
        data.dtype = "float64";   // checks are float64 by construction
        DataOptions.Prepared prepared = data.load(context, seed);
        Dataset batch = prepared.train().slice(0, Math.min(examples, prepared.train().size())).toDType(DType.FLOAT64);
        NetworkSpec spec = model.spec(batch.featureCount(), prepared.train().classCount());
        Network net = spec.build(DType.FLOAT64, Rng.derive(seed, "init"));
        GradientCheckReport report = GradientCheck.run(new Objective(net, loss, reg), batch.features(), batch.labels(),
                new GradientCheck.Options(step, maxEntries, seed));
        context.out().printf(Locale.ROOT, "gradient check of %s (%s, %s) on %d examples of %s, h = %g%n", spec.shape(),
                loss.label(), reg, batch.size(), prepared.dataset(), step);
        context.out().print(report);
        boolean ok = report.passes(tolerance);
        context.out().printf(Locale.ROOT, "%s: max relative error %.3e (tolerance %.0e)%n", ok ? "passed" : "FAILED",
                report.maxRelativeError(), tolerance);
        return ok ? ExitCodes.OK : ExitCodes.UNEXPECTED;
    }
}
