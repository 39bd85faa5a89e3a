package dev.backprop.cli;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.NetworkSpec;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The network and its loss: shared by {@code train}, {@code gradcheck} and {@code summary}. */
public final class ModelOptions {

    @Option(names = "--hidden", split = ",", paramLabel = "UNITS",
            description = "Hidden layer sizes, e.g. 64 or 60,60; none for logistic/softmax regression.")
    List<Integer> hidden = new ArrayList<>();

    @Option(names = "--activation", defaultValue = "sigmoid", paramLabel = "NAME",
            description = "Hidden activation: identity, sigmoid, improved_sigmoid, tanh, relu, leaky_relu."
                    + " Default: ${DEFAULT-VALUE}.")
    String activation;

    @Option(names = "--negative-slope", paramLabel = "A", description = "Slope of leaky_relu for x < 0 (default 0.01).")
    Double negativeSlope;

    @Option(names = "--init", defaultValue = "xavier_uniform", paramLabel = "NAME",
            description = "Weight initialiser: zeros, uniform, fan_in_normal, xavier_uniform, xavier_normal, he_normal,"
                    + " he_uniform, normal. Default: ${DEFAULT-VALUE}.")
    String init;

    @Option(names = "--init-low", paramLabel = "A", description = "Lower bound of uniform (default -1).")
    Double initLow;

    @Option(names = "--init-high", paramLabel = "B", description = "Upper bound of uniform (default 1).")
    Double initHigh;

    @Option(names = "--init-std", paramLabel = "S", description = "Standard deviation of normal (default 1).")
    Double initStd;

    @Option(names = "--bias", defaultValue = "all", paramLabel = "WHERE",
            description = "Layer biases: all, none, or first (on the first layer only, as TDT4265's input bias)."
                    + " Default: ${DEFAULT-VALUE}.")
    String bias;

    @Option(names = "--loss", defaultValue = "softmax_cross_entropy", paramLabel = "NAME",
            description = "softmax_cross_entropy, binary_cross_entropy (two classes, one output) or mse."
                    + " Default: ${DEFAULT-VALUE}.")
    String loss;

    /** The loss chosen. */
    Loss loss() {
        return Loss.parse(loss);
    }

    /** The network for {@code inputs} features and {@code classes} classes. */
    NetworkSpec spec(int inputs, int classes) {
        Loss l = loss();
        if (l == Loss.BINARY_CROSS_ENTROPY && classes != 2) {
            throw new CliException(ExitCodes.USAGE, "binary_cross_entropy needs exactly two classes, the data has "
                    + classes, "select two with --classes, e.g. --classes 3,2");
        }
        Map<String, Double> activationParams = negativeSlope == null ? Map.of() : Map.of("negative_slope", negativeSlope);
        Activation hiddenActivation = Activation.parse(activation, activationParams);
        Map<String, Double> initParams = new LinkedHashMap<>();
        if (initLow != null) {
            initParams.put("low", initLow);
        }
        if (initHigh != null) {
            initParams.put("high", initHigh);
        }
        if (initStd != null) {
            initParams.put("std", initStd);
        }
        Initializer initializer = Initializer.parse(init, initParams);
        String where = bias.trim().toLowerCase(Locale.ROOT);
        if (!List.of("all", "none", "first").contains(where)) {
            throw new CliException(ExitCodes.USAGE, "unknown --bias '" + bias + "'", "use all, none or first");
        }
        List<NetworkSpec.Layer> layers = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>(hidden);
        sizes.add(l == Loss.BINARY_CROSS_ENTROPY ? 1 : classes);
        for (int i = 0; i < sizes.size(); i++) {
            boolean last = i == sizes.size() - 1;
            boolean hasBias = where.equals("all") || (where.equals("first") && i == 0);
            if (sizes.get(i) <= 0) {
                throw new CliException(ExitCodes.USAGE, "--hidden sizes must be positive, got " + sizes.get(i), null);
            }
            layers.add(new NetworkSpec.Layer(sizes.get(i), last ? Activation.IDENTITY : hiddenActivation, hasBias,
                    initializer));
        }
        return new NetworkSpec(inputs, layers);
    }
}
