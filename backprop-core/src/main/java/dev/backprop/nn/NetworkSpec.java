package dev.backprop.nn;

import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a network is, as data: input size and, per layer, units, activation, bias and weight
 * initialiser. Model files, experiment files and the command line describe networks with it;
 * {@link #build} makes the {@link Network}.
 *
 * <pre>{@code
 * NetworkSpec tdt = NetworkSpec.of(785, List.of(64, 10), Activation.IMPROVED_SIGMOID, false,
 *         Initializer.fanInNormal());               // 785 inputs incl. the bias column, no layer biases
 * Network net = tdt.build(DType.FLOAT32, Rng.derive(seed, "init"));
 * }</pre>
 *
 * @param inputs number of input features
 * @param layers the layers, input side first
 */
public record NetworkSpec(int inputs, List<Layer> layers) {

    /**
     * One dense layer.
     *
     * @param units       outputs
     * @param activation  applied after the affine map
     * @param bias        whether the layer adds a bias
     * @param initializer weight initialiser
     */
    public record Layer(int units, Activation activation, boolean bias, Initializer initializer) {
        /** Validates the layer. */
        public Layer {
            if (units <= 0) {
                throw new IllegalArgumentException("a layer needs at least one unit, got " + units);
            }
            Objects.requireNonNull(activation, "activation");
            Objects.requireNonNull(initializer, "initializer");
        }
    }

    /** Validates and copies. */
    public NetworkSpec {
        if (inputs <= 0) {
            throw new IllegalArgumentException("a network needs at least one input, got " + inputs);
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        layers = List.copyOf(layers);
    }

    /**
     * A multi-layer perceptron: {@code sizes} are the units of each layer (the last is the output),
     * hidden layers use {@code hidden}, the output layer is linear (identity) for a fused loss.
     */
    public static NetworkSpec of(int inputs, List<Integer> sizes, Activation hidden, boolean bias, Initializer init) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            boolean last = i == sizes.size() - 1;
            layers.add(new Layer(sizes.get(i), last ? Activation.IDENTITY : hidden, bias, init));
        }
        return new NetworkSpec(inputs, layers);
    }

    /** Number of outputs. */
    public int outputs() {
        return layers.get(layers.size() - 1).units();
    }

    /** The sizes from input to output, e.g. {@code 784-64-10}. */
    public String shape() {
        StringBuilder sb = new StringBuilder().append(inputs);
        for (Layer l : layers) {
            sb.append('-').append(l.units());
        }
        return sb.toString();
    }

    /** Builds the network, drawing initial weights from {@code rng} layer by layer. */
    public Network build(DType dtype, Rng rng) {
        Network.Builder b = Network.builder(inputs);
        for (Layer l : layers) {
            b.dense(l.units(), l.activation(), l.bias(), l.initializer());
        }
        return b.build(dtype, rng);
    }
}
