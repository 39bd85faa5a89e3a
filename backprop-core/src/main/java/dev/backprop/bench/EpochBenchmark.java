package dev.backprop.bench;

import dev.backprop.data.Batches;
import dev.backprop.data.Dataset;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.Objective;
import dev.backprop.nn.Regularization;
import dev.backprop.random.Rng;
import dev.backprop.tensor.Compute;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;
import dev.backprop.train.TrainingStep;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * Times whole training epochs of a {@link Workload} on synthetic data (uniform pixels in [0, 1),
 * random labels), through the same path as {@code Trainer}: a shuffled {@link Batches} and a
 * {@link TrainingStep} (forward, fused loss, backward, update) per mini-batch. Data generation and
 * network set-up are not timed.
 *
 * <pre>{@code
 * try (EpochBenchmark bench = new EpochBenchmark(Workload.W1, 2, Workload.W1.samples(), 42)) {
 *     EpochTimings t = bench.run(1, 5);     // 1 warm-up epoch, then 5 timed
 * }
 * }</pre>
 */
public final class EpochBenchmark implements AutoCloseable {

    private final Workload workload;
    private final int samples;
    private final Compute compute;
    private final Batches batches;
    private final TrainingStep step;
    private final Rng shuffle;

    private static final com.sun.management.ThreadMXBean ALLOCATIONS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Builds the data and the network.
     *
     * @param threads threads for the matrix products
     * @param samples examples per epoch ({@link Workload#samples()} for the standard measurement)
     * @param seed    seeds the data, the weights and the shuffles
     */
    public EpochBenchmark(Workload workload, int threads, int samples, long seed) {
        if (samples < workload.batchSize()) {
            throw new IllegalArgumentException("an epoch needs at least one batch of " + workload.batchSize()
                    + " examples, got " + samples);
        }
        this.workload = workload;
        this.samples = samples;
        this.compute = Compute.threads(threads);
        Rng data = Rng.derive(seed, "bench/data");
        float[] pixels = new float[Math.multiplyExact(samples, workload.inputSize())];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) data.nextDouble();
        }
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = data.nextInt(10);
        }
        Matrix features = Matrix.wrap(pixels, samples, workload.inputSize());
        Dataset dataset = new Dataset(workload.name(), features, labels, 0, classNames());
        this.batches = new Batches(dataset, workload.batchSize(), false);
        Network network = workload.network(DType.FLOAT32, Rng.derive(seed, "bench/init"));
        network.setCompute(compute);
        batches.useCompute(compute);
        this.step = new TrainingStep(new Objective(network, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.none()),
                workload.optimizer());
        this.shuffle = Rng.derive(seed, "bench/shuffle");
    }

    private static List<String> classNames() {
        return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }

    /** Runs {@code warmup} untimed epochs, then times {@code epochs} epochs. */
    public EpochTimings run(int warmup, int epochs) {
        return run(warmup, epochs, e -> { });
    }

    /**
     * As {@link #run(int, int)}, calling {@code afterEpoch} with each epoch's number (warm-up
     * epochs negative) so a caller can show progress.
     */
    public EpochTimings run(int warmup, int epochs, IntConsumer afterEpoch) {
        if (warmup < 0 || epochs < 1) {
            throw new IllegalArgumentException("need warmup >= 0 and epochs >= 1, got " + warmup + " and " + epochs);
        }
        for (int e = 0; e < warmup; e++) {
            epoch();
            afterEpoch.accept(-(e + 1));
        }
        double[] seconds = new double[epochs];
        long allocated = 0;
        for (int e = 0; e < epochs; e++) {
            long bytes = ALLOCATIONS.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            epoch();
            seconds[e] = (System.nanoTime() - start) / 1e9;
            allocated += ALLOCATIONS.getCurrentThreadAllocatedBytes() - bytes;
            afterEpoch.accept(e + 1);
        }
        return new EpochTimings(workload, compute.threads(), samples, seconds, allocated,
                (long) epochs * batches.count(), RuntimeInfo.current());
    }

    /** The last training loss, so the work cannot be optimised away and runs can be compared. */
    private double lastLoss;

    private void epoch() {
        batches.shuffle(shuffle);
        for (int b = 0; b < batches.count(); b++) {
            Batches.Batch batch = batches.get(b);
            lastLoss = step.run(batch.features(), batch.labels(), batch.labelOffset());
        }
    }

    /** The loss of the last step run (finite when training is healthy). */
    public double lastLoss() {
        return lastLoss;
    }

    @Override
    public void close() {
        compute.close();
    }
}
