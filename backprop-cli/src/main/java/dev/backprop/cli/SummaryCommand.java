package dev.backprop.cli;

import dev.backprop.model.Model;
import dev.backprop.nn.Network;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code backprop summary}: layers, shapes and parameter counts of a spec or a model file. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Show layers, output shapes and parameter counts of a model file, or of a network given by flags.",
        footer = {"", "Examples:", "  backprop summary --inputs 785 --hidden 64 --bias none     # TDT4265: 50,880 parameters",
            "  backprop summary runs/a2/model.safetensors"})
final class SummaryCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "A model file (or run directory).")
    Path modelPath;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--inputs", defaultValue = "784", paramLabel = "N", description = "Input features. Default: ${DEFAULT-VALUE}.")
    int inputs;

    @Option(names = "--classes", defaultValue = "10", paramLabel = "K", description = "Classes. Default: ${DEFAULT-VALUE}.")
    int classes;

    SummaryCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (modelPath != null) {
            Model m = ModelArgument.load(context, modelPath);
            context.out().print(m.network().summary());
            context.out().printf(Locale.ROOT, "%nloss %s, regularization %s, classes %s%n", m.loss().label(),
                    m.regularization(), m.classNames());
            if (m.dataset() != null) {
                context.out().println("trained on " + m.dataset());
            }
            if (m.preprocessor() != null) {
                context.out().println("preprocessing " + m.preprocessor().describe());
            }
            Object result = m.provenance().get("result");
            if (result instanceof Map<?, ?> r) {
                context.out().println("result " + r);
            }
            return ExitCodes.OK;
        }
        if (inputs <= 0 || classes <= 1) {
            throw new CliException(ExitCodes.USAGE, "--inputs must be positive and --classes at least 2", null);
        }
        Network net = model.spec(inputs, classes).build(DType.FLOAT32, Rng.seeded(0));
        context.out().print(net.summary());
        return ExitCodes.OK;
    }
}
