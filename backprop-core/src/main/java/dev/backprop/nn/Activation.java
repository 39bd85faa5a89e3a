package dev.backprop.nn;

import dev.backprop.tensor.Nonlinearity;

import java.util.Locale;
import java.util.Map;

/**
 * An activation function with its configuration, named as everywhere in Backprop:
 * {@code identity}, {@code sigmoid}, {@code improved_sigmoid}, {@code tanh}, {@code relu},
 * {@code leaky_relu} (key {@code negative_slope}, default 0.01).
 *
 * <pre>{@code
 * Activation a = Activation.parse("leaky_relu", Map.of("negative_slope", 0.1));
 * }</pre>
 *
 * @param function      the element-wise function
 * @param negativeSlope slope for x &lt; 0 of {@code leaky_relu}; 0 for the others
 */
public record Activation(Nonlinearity function, double negativeSlope) {

    /** f(x) = x: the output layer before a fused loss. */
    public static final Activation IDENTITY = new Activation(Nonlinearity.IDENTITY, 0);
    /** The logistic sigmoid. */
    public static final Activation SIGMOID = new Activation(Nonlinearity.SIGMOID, 0);
    /** LeCun's 1.7159·tanh(2x/3). */
    public static final Activation IMPROVED_SIGMOID = new Activation(Nonlinearity.IMPROVED_SIGMOID, 0);
    /** The hyperbolic tangent. */
    public static final Activation TANH = new Activation(Nonlinearity.TANH, 0);
    /** max(0, x). */
    public static final Activation RELU = new Activation(Nonlinearity.RELU, 0);
    /** Leaky ReLU with the default negative slope 0.01 (as PyTorch). */
    public static final Activation LEAKY_RELU = new Activation(Nonlinearity.LEAKY_RELU, 0.01);

    /** Validates the slope: finite, and 0 unless the function is leaky ReLU. */
    public Activation {
        if (function == null) {
            throw new IllegalArgumentException("activation function must not be null");
        }
        if (!Double.isFinite(negativeSlope)) {
            throw new IllegalArgumentException("negative_slope must be finite, got " + negativeSlope);
        }
        if (function != Nonlinearity.LEAKY_RELU && negativeSlope != 0) {
            throw new IllegalArgumentException("negative_slope applies to leaky_relu only, not " + nameOf(function));
        }
    }

    /** Leaky ReLU with the given slope for negative inputs. */
    public static Activation leakyRelu(double negativeSlope) {
        return new Activation(Nonlinearity.LEAKY_RELU, negativeSlope);
    }

    /** The configuration name, e.g. {@code improved_sigmoid}. */
    public String name() {
        return nameOf(function);
    }

    /** Parameters beyond the name ({@code negative_slope} for leaky ReLU), for files and summaries. */
    public Map<String, Double> parameters() {
        return function == Nonlinearity.LEAKY_RELU ? Map.of("negative_slope", negativeSlope) : Map.of();
    }

    /** The activation named {@code name} with default parameters. */
    public static Activation parse(String name) {
        return parse(name, Map.of());
    }

    /**
     * The activation named {@code name}, with parameters ({@code negative_slope} for leaky ReLU).
     *
     * @throws IllegalArgumentException naming the unknown name or key and the valid ones
     */
    public static Activation parse(String name, Map<String, Double> parameters) {
        Nonlinearity f = Names.lookup("activation", name, Nonlinearity.values(), Activation::nameOf);
        Names.requireKeys("activation " + name, parameters,
                f == Nonlinearity.LEAKY_RELU ? java.util.List.of("negative_slope") : java.util.List.of());
        if (f == Nonlinearity.LEAKY_RELU) {
            return leakyRelu(parameters.getOrDefault("negative_slope", 0.01));
        }
        return new Activation(f, 0);
    }

    static String nameOf(Nonlinearity f) {
        return f.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return function == Nonlinearity.LEAKY_RELU ? name() + "(" + negativeSlope + ")" : name();
    }
}
