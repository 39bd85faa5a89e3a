package dev.backprop.nn;

import dev.backprop.random.Rng;
import dev.backprop.tensor.Compute;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;
import dev.backprop.tensor.ShapeException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A feed-forward network: a sequence of {@link Dense} layers in one {@link DType}.
 *
 * <pre>{@code
 * Network net = Network.builder(784)
 *         .initializer(Initializer.uniform(-1, 1))
 *         .dense(64, Activation.SIGMOID)
 *         .bias(false)
 *         .dense(10, Activation.IDENTITY)        // logits for softmax cross-entropy
 *         .build(DType.FLOAT32, Rng.derive(seed, "init"));
 * System.out.println(net.summary());             // 50,240 + 640 = 50,880 parameters
 * }</pre>
 *
 * <p>{@link #forward} returns a buffer owned by the last layer and {@link #backward} fills every
 * parameter's gradient; neither allocates once a batch size has been seen.
 */
public final class Network {

    private final DType dtype;
    private final List<Dense> layers;
    private final List<Parameter> parameters;
    private Compute compute = Compute.SERIAL;

    private Network(DType dtype, List<Dense> layers) {
        this.dtype = dtype;
        this.layers = List.copyOf(layers);
        List<Parameter> all = new ArrayList<>();
        for (Dense layer : layers) {
            all.addAll(layer.parameters());
        }
        this.parameters = Collections.unmodifiableList(all);
    }

    /** Starts a network taking {@code inputSize} features. */
    public static Builder builder(int inputSize) {
        return new Builder(inputSize);
    }

    /** Element type of every parameter and buffer. */
    public DType dtype() {
        return dtype;
    }

    /** The layers, input first. */
    public List<Dense> layers() {
        return layers;
    }

    /** Number of input features. */
    public int inputSize() {
        return layers.get(0).inputSize();
    }

    /** Number of outputs of the last layer. */
    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    /** All trainable parameters in layer order ({@code W0, b0, W1, ...}). */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The parameter named {@code name} ({@code W0}, {@code b1}, ...). */
    public Parameter parameter(String name) {
        for (Parameter p : parameters) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no parameter '" + name + "'; the network has "
                + parameters.stream().map(Parameter::name).toList());
    }

    /** Total number of trainable scalars. */
    public long parameterCount() {
        long total = 0;
        for (Parameter p : parameters) {
            total += p.value().size();
        }
        return total;
    }

    /**
     * Runs this network's matrix products on the threads of {@code compute}: the same results, sooner
     * for large layers and batches. The caller keeps ownership and closes it.
     */
    public void setCompute(Compute compute) {
        this.compute = java.util.Objects.requireNonNull(compute, "compute");
        for (Dense layer : layers) {
            layer.setCompute(compute);
        }
    }

    /** The compute context the products run on ({@link Compute#SERIAL} unless set). */
    public Compute compute() {
        return compute;
    }

    /**
     * Runs a batch [batch, inputSize()] through every layer and returns the output
     * [batch, outputSize()], a buffer valid until the next forward.
     */
    public Matrix forward(Matrix input) {
        if (input.dtype() != dtype) {
            throw new ShapeException("the network is " + dtype + " but the input is " + input.dtype()
                    + "; convert the input with Matrix.copyFrom");
        }
        Matrix x = input;
        for (int i = 0; i < layers.size(); i++) {   // indexed: no iterator on the hot path
            x = layers.get(i).forward(x);
        }
        return x;
    }

    /**
     * Back-propagates {@code gradOutput}, the gradient of the objective with respect to the output of
     * the last {@link #forward}, filling every parameter's gradient (overwritten, not accumulated).
     */
    public void backward(Matrix gradOutput) {
        backward(gradOutput, null);
    }

    /**
     * {@link #backward(Matrix)}, handing every parameter's rows to {@code update} as soon as their
     * gradient is final (see {@link ParameterUpdate}); a layer's input gradient is computed before
     * its weights change. With a null {@code update}, only the gradients.
     */
    void backward(Matrix gradOutput, ParameterUpdate update) {
        Matrix g = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g, i > 0, update);
        }
    }

    /**
     * The outputs for all rows of {@code inputs} as a new matrix, computed in chunks of
     * {@code batchSize} rows so memory stays bounded. Inputs of another dtype are converted.
     */
    public Matrix predict(Matrix inputs, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        Matrix out = Matrix.zeros(dtype, inputs.rows(), outputSize());
        Matrix converted = inputs.dtype() == dtype ? null : Matrix.zeros(dtype, Math.min(batchSize, inputs.rows()),
                inputs.cols());
        for (int from = 0; from < inputs.rows(); from += batchSize) {
            int to = Math.min(inputs.rows(), from + batchSize);
            Matrix chunk = inputs.rows(from, to);
            if (converted != null) {
                Matrix c = converted.rows(0, to - from);
                c.copyFrom(chunk);
                chunk = c;
            }
            out.rows(from, to).copyFrom(forward(chunk));
        }
        return out;
    }

    /** Copies values into parameters by name (e.g. weights read from .npy files); shapes must match. */
    public void setParameters(Map<String, Matrix> values) {
        for (Map.Entry<String, Matrix> e : values.entrySet()) {
            Parameter p = parameter(e.getKey());
            if (!p.value().sameShape(e.getValue())) {
                throw new ShapeException("parameter '" + e.getKey() + "' has shape " + p.value().shape()
                        + ", the new value has " + e.getValue().shape());
            }
            p.value().copyFrom(e.getValue());
        }
    }

    /** The network's architecture as data (what model files record). */
    public NetworkSpec spec() {
        List<NetworkSpec.Layer> specs = new ArrayList<>();
        for (Dense d : layers) {
            specs.add(new NetworkSpec.Layer(d.outputSize(), d.activation(), d.hasBias(), d.initializer()));
        }
        return new NetworkSpec(inputSize(), specs);
    }

    /** Copies every parameter value of {@code other}, a network of the same architecture. */
    public void copyParametersFrom(Network other) {
        if (other.parameters.size() != parameters.size()) {
            throw new ShapeException("cannot copy " + other.parameters.size() + " parameters into a network with "
                    + parameters.size());
        }
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            Parameter q = other.parameters.get(i);
            if (!p.value().sameShape(q.value())) {
                throw new ShapeException("parameter '" + p.name() + "' has shape " + p.value().shape() + ", the source's "
                        + q.value().shape());
            }
            p.value().copyFrom(q.value());
        }
    }

    /** A table of layers, output shapes and parameter counts with the total. */
    public ModelSummary summary() {
        return ModelSummary.of(this);
    }

    /**
     * Builds a {@link Network} layer by layer. {@link #bias(boolean)} and {@link #initializer} set
     * the defaults for the layers added after them.
     */
    public static final class Builder {
        private final int inputSize;
        private final List<LayerSpec> specs = new ArrayList<>();
        private boolean bias = true;
        private Initializer initializer = Initializer.xavierUniform();

        private Builder(int inputSize) {
            if (inputSize <= 0) {
                throw new IllegalArgumentException("input size must be positive, got " + inputSize);
            }
            this.inputSize = inputSize;
        }

        /** Whether layers added from now on have a bias (default true). */
        public Builder bias(boolean hasBias) {
            this.bias = hasBias;
            return this;
        }

        /** Initialiser for the weights of layers added from now on (default {@code xavier_uniform}). */
        public Builder initializer(Initializer init) {
            this.initializer = java.util.Objects.requireNonNull(init, "initializer");
            return this;
        }

        /** Adds a dense layer of {@code units} with the current bias and initialiser defaults. */
        public Builder dense(int units, Activation activation) {
            return dense(units, activation, bias, initializer);
        }

        /** Adds a dense layer with everything explicit. */
        public Builder dense(int units, Activation activation, boolean hasBias, Initializer init) {
            if (units <= 0) {
                throw new IllegalArgumentException("layer " + specs.size() + ": units must be positive, got " + units);
            }
            specs.add(new LayerSpec(units, activation, hasBias, init));
            return this;
        }

        /**
         * Creates the network, drawing initial weights from {@code rng} layer by layer.
         *
         * @throws IllegalStateException if no layer was added
         */
        public Network build(DType dtype, Rng rng) {
            if (specs.isEmpty()) {
                throw new IllegalStateException("a network needs at least one layer; add one with dense(...)");
            }
            requireMemoryFor(dtype);
            List<Dense> layers = new ArrayList<>();
            int in = inputSize;
            for (LayerSpec s : specs) {
                layers.add(new Dense(layers.size(), in, s.units, s.bias, s.activation, s.init, dtype, rng));
                in = s.units;
            }
            return new Network(dtype, layers);
        }

        /**
         * Refuses, before allocating anything, a network whose weights and the per-weight copies
         * training keeps (gradient, optimiser state) would not fit in the heap.
         */
        private void requireMemoryFor(DType dtype) {
            long parameters = 0;
            long in = inputSize;
            for (LayerSpec s : specs) {
                parameters += in * s.units + (s.bias ? s.units : 0);
                in = s.units;
            }
            long bytesPerCopy = parameters * dtype.bytes();
            long needed = 4 * bytesPerCopy;   // weights, gradients and up to two optimiser moments
            long heap = Runtime.getRuntime().maxMemory();
            if (needed > heap) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "the network has %,d parameters: %.1f GB for the %s weights, gradients and optimiser"
                                + " state, more than the %.1f GB this JVM may use; use smaller layers, or run Java with"
                                + " a larger -Xmx (BACKPROP_JAVA_OPTS=-Xmx16g for the backprop command)",
                        parameters, needed / 1e9, dtype.label(), heap / 1e9));
            }
        }

        private record LayerSpec(int units, Activation activation, boolean bias, Initializer init) {
        }
    }
}
