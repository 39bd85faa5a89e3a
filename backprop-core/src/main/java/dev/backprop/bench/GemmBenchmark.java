package dev.backprop.bench;

import dev.backprop.random.Rng;
import dev.backprop.tensor.Compute;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Gemm;
import dev.backprop.tensor.Matrix;

import java.util.List;

/**
 * Throughput of the matrix product {@code C = A·B} in GFLOP/s ({@code 2·m·n·k} per product), best
 * of several timed rounds after a warm-up, the same way numpy's is measured in the comparison script.
 *
 * <pre>{@code
 * try (Compute compute = Compute.threads(2)) {
 *     double gflops = GemmBenchmark.measure(DType.FLOAT32, 2048, 2048, 2048, compute);
 * }
 * }</pre>
 */
public final class GemmBenchmark {

    /** A product shape: A [m, k] times B [k, n]. */
    public record Shape(int m, int n, int k) {
        @Override
        public String toString() {
            return m + "x" + n + "x" + k;
        }
    }

    /** One measurement. */
    public record Result(DType dtype, Shape shape, double gflops) {
    }

    /** The shapes of the comparison: W1's forward product at batch 32 and 512, W7's, and the 2048³ cube. */
    public static final List<Shape> STANDARD_SHAPES = List.of(new Shape(32, 64, 784), new Shape(512, 64, 784),
            new Shape(1024, 1024, 784), new Shape(2048, 2048, 2048));

    /** How much work one timed round does, about half a second at 100 GFLOP/s. */
    private static final double FLOPS_PER_ROUND = 5e10;

    private GemmBenchmark() {
    }

    /** GFLOP/s of {@code C = A·B} for random operands of {@code dtype}: the best of 5 rounds. */
    public static double measure(DType dtype, int m, int n, int k, Compute compute) {
        Rng rng = Rng.seeded(7);
        Matrix a = Matrix.zeros(dtype, m, k);
        Matrix b = Matrix.zeros(dtype, k, n);
        for (int i = 0; i < a.size(); i++) {
            a.setFlat(i, rng.nextUniform(-1, 1));
        }
        for (int i = 0; i < b.size(); i++) {
            b.setFlat(i, rng.nextUniform(-1, 1));
        }
        Matrix c = Matrix.zeros(dtype, m, n);
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(2, Math.min(1_000_000, FLOPS_PER_ROUND / flops));
        for (int r = 0; r < reps; r++) {   // warm-up: let the JIT compile the kernels
            Gemm.matmul(a, b, c, compute);
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                Gemm.matmul(a, b, c, compute);
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9 / reps);
        }
        return flops / best / 1e9;
    }
}
