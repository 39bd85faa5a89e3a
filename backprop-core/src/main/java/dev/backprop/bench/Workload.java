package dev.backprop.bench;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Network;
import dev.backprop.optim.Optimizer;
import dev.backprop.optim.Sgd;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The benchmark workloads, the same in Backprop and in the PyTorch comparison script
 * ({@code scripts/pytorch_workloads.py}): float32, softmax cross-entropy over 10 classes, biases on
 * every layer, one epoch of {@link #samples()} synthetic examples in shuffled mini-batches.
 *
 * <pre>{@code
 * EpochTimings t = new EpochBenchmark(Workload.W1, 2).run(1, 5);
 * System.out.println(t.medianSeconds() + " s/epoch");
 * }</pre>
 */
public enum Workload {
    /** TDT4265 A2's network: 784-64-10 sigmoid, plain SGD, batch 32. */
    W1("784-64-10 sigmoid, SGD, batch 32", new int[] {784, 64, 10}, Activation.SIGMOID, 0.1, 0.0, 32, 60_000),
    /** W1 with the improved sigmoid and momentum (A2's "tricks of the trade"). */
    W2("784-64-10 improved sigmoid, momentum, batch 32", new int[] {784, 64, 10}, Activation.IMPROVED_SIGMOID,
            0.02, 0.9, 32, 60_000),
    /** A deep narrow network: ten hidden layers of 64. */
    W3("784-(64x10)-10 ReLU, momentum, batch 32", new int[] {784, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 10},
            Activation.RELU, 0.02, 0.9, 32, 60_000),
    /** W1 at a large batch. */
    W4("784-64-10 sigmoid, SGD, batch 512", new int[] {784, 64, 10}, Activation.SIGMOID, 0.1, 0.0, 512, 60_000),
    /** cs231n / HLCV's two-layer net on CIFAR-10-shaped input. */
    W5("3072-100-10 ReLU, SGD, batch 200", new int[] {3072, 100, 10}, Activation.RELU, 0.01, 0.0, 200, 50_000),
    /** A wider MNIST network. */
    W6("784-128-10 ReLU, momentum, batch 128", new int[] {784, 128, 10}, Activation.RELU, 0.02, 0.9, 128, 60_000),
    /** A large network, bound by arithmetic. */
    W7("784-1024-1024-10 ReLU, SGD, batch 1024", new int[] {784, 1024, 1024, 10}, Activation.RELU, 0.01, 0.0,
            1024, 60_000);

    private final String description;
    private final int[] sizes;
    private final Activation hidden;
    private final double learningRate;
    private final double momentum;
    private final int batchSize;
    private final int samples;

    Workload(String description, int[] sizes, Activation hidden, double learningRate, double momentum,
             int batchSize, int samples) {
        this.description = description;
        this.sizes = sizes;
        this.hidden = hidden;
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.batchSize = batchSize;
        this.samples = samples;
    }

    /** The workload named {@code name} (case-insensitive), or an error listing the names. */
    public static Workload parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown workload '" + name + "'; choose one of "
                    + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")), e);
        }
    }

    /** A one-line description, e.g. {@code 784-64-10 sigmoid, SGD, batch 32}. */
    public String description() {
        return description;
    }

    /** Mini-batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** Examples per epoch. */
    public int samples() {
        return samples;
    }

    /** Input features. */
    public int inputSize() {
        return sizes[0];
    }

    /** Layer widths, input first. */
    public int[] sizes() {
        return sizes.clone();
    }

    /**
     * Floating-point operations of one epoch's matrix products: forward {@code X·W} for every layer,
     * weight gradients for every layer, input gradients for all but the first; 2 per multiply-add.
     */
    public double flopsPerEpoch() {
        double macs = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            double layer = (double) sizes[l] * sizes[l + 1];
            macs += l == 0 ? 2 * layer : 3 * layer;
        }
        return 2 * macs * samples;
    }

    /** The network, initialised from {@code rng} (He-normal for ReLU, Xavier otherwise). */
    public Network network(DType dtype, Rng rng) {
        Initializer init = hidden == Activation.RELU ? Initializer.heNormal() : Initializer.xavierUniform();
        Network.Builder b = Network.builder(sizes[0]).initializer(init);
        for (int l = 1; l + 1 < sizes.length; l++) {
            b.dense(sizes[l], hidden);
        }
        return b.dense(sizes[sizes.length - 1], Activation.IDENTITY).build(dtype, rng);
    }

    /** The optimiser: SGD with this workload's learning rate and momentum. */
    public Optimizer optimizer() {
        return momentum == 0 ? new Sgd(learningRate) : new Sgd(learningRate, momentum, false);
    }
}
