package dev.backprop.determinism;

import dev.backprop.data.Batches;
import dev.backprop.data.Dataset;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.Objective;
import dev.backprop.nn.Parameter;
import dev.backprop.nn.Regularization;
import dev.backprop.optim.Adam;
import dev.backprop.optim.Optimizer;
import dev.backprop.optim.Sgd;
import dev.backprop.random.Rng;
import dev.backprop.tensor.Compute;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Kernels;
import dev.backprop.tensor.Matrix;
import dev.backprop.train.TrainingStep;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Trains small networks that touch every kernel (all activations, both dtypes, momentum and Adam,
 * products and row kernels large enough to be split over threads) and prints one SHA-256 of all
 * final weights and every step's loss per dtype. Run in child JVMs by {@link CrossRuntimeDeterminismTest}
 * with different JDKs, kernel paths and thread counts; the digests must agree.
 *
 * <p>Usage: {@code DeterminismProbe THREADS}; prints {@code kernels=...} then {@code float32 <hex>} and
 * {@code float64 <hex>}.
 */
public final class DeterminismProbe {

    private DeterminismProbe() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        System.out.println("kernels=" + Kernels.description());
        for (DType dtype : DType.values()) {
            System.out.println(dtype.label() + " " + digest(dtype, threads));
        }
    }

    /** The digest of a short training run on synthetic data. */
    static String digest(DType dtype, int threads) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Rng data = Rng.seeded(5);
        int n = 1024, d = 784;
        double[] pixels = new double[n * d];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = data.nextDouble() * (i % 7 == 0 ? 4 : 1) - 0.5;
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = data.nextInt(10);
        }
        Dataset train = new Dataset("probe", Matrix.from(dtype, pixels, n, d), labels, 0,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        List<Network> nets = List.of(
                Network.builder(d).initializer(Initializer.xavierUniform()).dense(128, Activation.IMPROVED_SIGMOID)
                        .dense(64, Activation.SIGMOID).dense(10, Activation.IDENTITY).build(dtype, Rng.seeded(1)),
                Network.builder(d).initializer(Initializer.heNormal()).dense(160, Activation.RELU)
                        .dense(48, Activation.TANH).dense(40, Activation.leakyRelu(0.05))
                        .dense(10, Activation.IDENTITY).build(dtype, Rng.seeded(2)));
        List<Optimizer> optimizers = List.of(new Sgd(0.05, 0.9, true), new Adam(1e-3));
        try (Compute compute = Compute.threads(threads)) {
            for (int k = 0; k < nets.size(); k++) {
                Network net = nets.get(k);
                net.setCompute(compute);
                TrainingStep step = new TrainingStep(new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY,
                        Regularization.weightDecay(1e-4)), optimizers.get(k));
                Batches batches = new Batches(train, 256, false);
                batches.useCompute(compute);
                Rng shuffle = Rng.seeded(3);
                for (int epoch = 0; epoch < 3; epoch++) {
                    batches.shuffle(shuffle);
                    for (int b = 0; b < batches.count(); b++) {
                        Batches.Batch batch = batches.get(b);
                        double loss = step.run(batch.features(), batch.labels(), batch.labelOffset());
                        sha.update(ByteBuffer.allocate(8).putDouble(loss).array());
                    }
                }
                for (Parameter p : net.parameters()) {
                    for (double v : p.value().toDoubleArray()) {
                        sha.update(ByteBuffer.allocate(8).putDouble(v).array());
                    }
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
