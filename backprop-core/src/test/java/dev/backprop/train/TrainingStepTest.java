package dev.backprop.train;

import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.Objective;
import dev.backprop.nn.Regularization;
import dev.backprop.optim.Adam;
import dev.backprop.optim.Sgd;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Elementwise;
import dev.backprop.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingStepTest {

    private static final double[][] XOR = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    private static final int[] XOR_LABELS = {0, 1, 1, 0};

    @ParameterizedTest
    @EnumSource(DType.class)
    void learnsXor(DType dtype) {
        Network net = Network.builder(2).dense(8, Activation.TANH).dense(2, Activation.IDENTITY)
                .build(dtype, Rng.seeded(3));
        TrainingStep step = new TrainingStep(new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.none()),
                new Sgd(0.5, 0.9, false));
        Matrix x = Matrix.zeros(dtype, 4, 2);
        x.copyFrom(Matrix.of(XOR));
        double first = step.run(x, XOR_LABELS, 0);
        double last = first;
        for (int i = 0; i < 300; i++) {
            last = step.run(x, XOR_LABELS, 0);
        }
        assertTrue(last < 0.01 * first, "loss went from " + first + " to " + last);
        int[] predicted = new int[4];
        Loss.SOFTMAX_CROSS_ENTROPY.predict(net.forward(x), predicted);
        assertArrayEquals(XOR_LABELS, predicted);
    }

    @Test
    void sameSeedSameBits() {
        double[] a = trainAndDump(DType.FLOAT32);
        double[] b = trainAndDump(DType.FLOAT32);
        assertArrayEquals(a, b, 0.0);
    }

    private static double[] trainAndDump(DType dtype) {
        Network net = Network.builder(6).dense(5, Activation.IMPROVED_SIGMOID).dense(3, Activation.IDENTITY)
                .build(dtype, Rng.derive(99, "init"));
        TrainingStep step = new TrainingStep(new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY,
                Regularization.weightDecay(1e-3)), new Adam(1e-2));
        Rng data = Rng.derive(99, "data");
        Matrix x = Matrix.zeros(dtype, 16, 6);
        int[] y = new int[16];
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, data.nextGaussian());
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = data.nextInt(3);
        }
        for (int i = 0; i < 50; i++) {
            step.run(x, y, 0);
        }
        return net.parameter("W1").value().toDoubleArray();
    }

    /**
     * A training step allocates nothing once the batch size has been seen: layers, objective and
     * optimiser reuse their buffers. Measured with the JVM's per-thread allocation counter, not time.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void stepAllocatesNothingAfterWarmUp(DType dtype) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // 64 units: whole panels of B for both dtypes; against 10 outputs the input gradient has an
        // inner index of 10 and the output layer's products go through the narrow-panel path.
        Network net = Network.builder(20).initializer(Initializer.heNormal()).dense(64, Activation.RELU)
                .dense(64, Activation.SIGMOID).dense(10, Activation.IDENTITY).build(dtype, Rng.seeded(1));
        TrainingStep step = new TrainingStep(new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(1e-4)),
                new Sgd(0.01, 0.9, true));
        Rng r = Rng.seeded(2);
        Matrix data = gaussians(dtype, 64, 20, r);
        int[] labels = classes(64, r);
        Matrix batch = Matrix.zeros(dtype, 16, 20);
        int[] order = r.permutation(64);
        for (int i = 0; i < 20_000; i++) {   // warm-up: let the JIT compile the step
            runEpoch(step, data, batch, order, labels);
        }
        // Steady state is the claim: the JIT may still recompile a kernel (running it interpreted,
        // allocating, for a moment) during one window, so the best of up to five windows counts.
        java.util.List<Long> windows = new java.util.ArrayList<>();
        for (int w = 0; w < 5; w++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 2_000; i++) {
                runEpoch(step, data, batch, order, labels);
            }
            windows.add(threads.getCurrentThreadAllocatedBytes() - before);
            // 8,000 steps: any per-step allocation (even one 16-byte object) would exceed this.
            if (windows.get(w) < 16 * 1024) {
                return;
            }
        }
        org.junit.jupiter.api.Assertions.fail("every window of 8,000 training steps allocated: " + windows + " bytes");
    }

    /**
     * The same on two threads, with the products split: the pipelined forward with its bias and
     * activation, the weight gradient's rows handed to the update as they are done.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void aStepOnTwoThreadsAllocatesNothingAfterWarmUp(DType dtype) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Network net = bigNetwork(dtype);
        TrainingStep step = new TrainingStep(new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(1e-4)),
                new Sgd(0.01, 0.9, false));
        Rng r = Rng.seeded(2);
        Matrix x = gaussians(dtype, 32, 300, r);
        int[] labels = classes(32, r);
        try (dev.backprop.tensor.Compute compute = dev.backprop.tensor.Compute.threads(2)) {
            net.setCompute(compute);
            for (int i = 0; i < 20_000; i++) {
                step.run(x, labels, 0);
            }
            java.util.List<Long> windows = new java.util.ArrayList<>();
            for (int w = 0; w < 5; w++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 4_000; i++) {
                    step.run(x, labels, 0);
                }
                windows.add(threads.getCurrentThreadAllocatedBytes() - before);
                if (windows.get(w) < 16 * 1024) {
                    return;
                }
            }
            org.junit.jupiter.api.Assertions.fail("every window of 4,000 steps on two threads allocated: " + windows
                    + " bytes");
        }
    }

    private static void runEpoch(TrainingStep step, Matrix data, Matrix batch, int[] order, int[] labels) {
        for (int from = 0; from < order.length; from += batch.rows()) {
            Elementwise.gatherRows(data, order, from, batch);
            step.run(batch, labels, from);
        }
    }

    /**
     * The update applied during backpropagation, each parameter's rows as their gradient is final
     * (on two threads: by the thread that computed them), gives the bits of gradients first and a
     * separate optimiser step after, for every optimiser and regularisation; a network large enough
     * for the pipelined forward and the row-split weight gradient.
     */
    @ParameterizedTest(name = "{0} {1} {2} threads")
    @org.junit.jupiter.params.provider.MethodSource("fusedCases")
    void updatingDuringBackpropGivesTheBitsOfASeparateStep(DType dtype, String optimizer, int threads) {
        Network fused = bigNetwork(dtype), separate = bigNetwork(dtype);
        Regularization reg = optimizer.equals("adam") ? Regularization.l2(1e-3).withBiases()
                : Regularization.weightDecay(1e-3);
        Objective fusedObjective = new Objective(fused, Loss.SOFTMAX_CROSS_ENTROPY, reg);
        Objective separateObjective = new Objective(separate, Loss.SOFTMAX_CROSS_ENTROPY, reg);
        dev.backprop.optim.Optimizer fusedOpt = optimizer(optimizer), separateOpt = optimizer(optimizer);
        Rng r = Rng.seeded(8);
        Matrix x = gaussians(dtype, 32, 300, r);
        int[] labels = classes(32, r);
        try (dev.backprop.tensor.Compute compute = dev.backprop.tensor.Compute.threads(threads)) {
            fused.setCompute(compute);
            for (int step = 0; step < 5; step++) {
                double a = fusedObjective.computeGradientsAndUpdate(x, labels, 0, fusedOpt);
                double b = separateObjective.computeGradients(x, labels, 0);
                separateOpt.step(separate.parameters());
                assertEquals(b, a, 0.0, "value at step " + step);
                for (int p = 0; p < fused.parameters().size(); p++) {
                    assertArrayEquals(separate.parameters().get(p).value().toDoubleArray(),
                            fused.parameters().get(p).value().toDoubleArray(), 0.0,
                            fused.parameters().get(p).name() + " after step " + step);
                }
            }
            assertEquals(separateOpt.state(separate.parameters()).keySet(), fusedOpt.state(fused.parameters()).keySet());
            assertEquals(5, fusedOpt.steps());
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> fusedCases() {
        java.util.List<org.junit.jupiter.params.provider.Arguments> out = new java.util.ArrayList<>();
        for (DType dtype : DType.values()) {
            for (String opt : new String[] {"sgd", "momentum", "nesterov", "adam"}) {
                for (int threads : new int[] {1, 2}) {
                    out.add(org.junit.jupiter.params.provider.Arguments.of(dtype, opt, threads));
                }
            }
        }
        return out.stream();
    }

    private static dev.backprop.optim.Optimizer optimizer(String name) {
        return switch (name) {
            case "sgd" -> new Sgd(0.05);
            case "momentum" -> new Sgd(0.05, 0.9, false);
            case "nesterov" -> new Sgd(0.05, 0.9, true);
            default -> new Adam(1e-3);
        };
    }

    /** 300-64-64-10: 32 × 300 × 64 is above the threshold from which products use both threads. */
    private static Network bigNetwork(DType dtype) {
        return Network.builder(300).dense(64, Activation.SIGMOID).dense(64, Activation.RELU)
                .dense(10, Activation.IDENTITY).build(dtype, Rng.seeded(12));
    }

    @Test
    void aLossThatIsNotFiniteLeavesTheParametersAsTheyWere() {
        Network net = Network.builder(2).dense(2, Activation.IDENTITY).build(DType.FLOAT64, Rng.seeded(1));
        Objective objective = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.none());
        Matrix x = Matrix.of(new double[][] {{Double.NaN, 0}, {0, 1}});
        double[] before = net.parameter("W0").value().toDoubleArray();
        Sgd sgd = new Sgd(0.1, 0.9, false);
        double value = new TrainingStep(objective, sgd).run(x, new int[] {0, 1}, 0);
        assertTrue(Double.isNaN(value));
        assertArrayEquals(before, net.parameter("W0").value().toDoubleArray(), 0.0);
        assertEquals(0, sgd.steps());
    }

    @Test
    void reportsValueBeforeTheUpdate() {
        Network net = Network.builder(2).dense(2, Activation.IDENTITY).build(DType.FLOAT64, Rng.seeded(1));
        Objective objective = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.weightDecay(0.1));
        Matrix x = Matrix.of(XOR);
        double before = objective.evaluate(x, XOR_LABELS, 0);
        double reported = new TrainingStep(objective, new Sgd(0.1)).run(x, XOR_LABELS, 0);
        assertEquals(before, reported, 0.0);
        assertEquals(objective.lastDataLoss() + objective.lastPenalty(), reported, 0.0);
    }

    /** A rows × cols matrix of standard normal draws from {@code r}. */
    private static Matrix gaussians(DType dtype, int rows, int cols, Rng r) {
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, r.nextGaussian());
        }
        return m;
    }

    /** n class labels in [0, 10) from {@code r}. */
    private static int[] classes(int n, Rng r) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
        }
        return labels;
    }
}
