package dev.backprop.jmh;

import dev.backprop.random.Rng;
import dev.backprop.tensor.Compute;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Gemm;
import dev.backprop.tensor.Matrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The three products backpropagation uses, at the shapes of the benchmark workloads: the forward
 * {@code X·W}, the weight gradient {@code Xᵀ·Δ} and the input gradient {@code Δ·Wᵀ}. Shapes are
 * {@code batch x in x out}; GFLOP/s = 2·batch·in·out / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmarks {

    @Param({"32x784x64", "512x784x64", "1024x784x1024", "2048x2048x2048"})
    public String shape;

    @Param({"FLOAT32", "FLOAT64"})
    public DType dtype;

    @Param({"1", "2"})
    public int threads;

    private Matrix x;
    private Matrix w;
    private Matrix z;
    private Matrix dw;
    private Matrix dx;
    private Compute compute;

    @Setup(Level.Trial)
    public void setUp() {
        System.out.println("# " + dev.backprop.bench.RuntimeInfo.current());
        String[] p = shape.split("x");
        int batch = Integer.parseInt(p[0]), in = Integer.parseInt(p[1]), out = Integer.parseInt(p[2]);
        Rng rng = Rng.seeded(1);
        x = random(batch, in, rng);
        w = random(in, out, rng);
        z = random(batch, out, rng);
        dw = Matrix.zeros(dtype, in, out);
        dx = Matrix.zeros(dtype, batch, in);
        compute = Compute.threads(threads);
    }

    private Matrix random(int rows, int cols, Rng rng) {
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, rng.nextUniform(-1, 1));
        }
        return m;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        compute.close();
    }

    @Benchmark
    public Matrix forward() {
        Gemm.matmul(x, w, z, compute);
        return z;
    }

    @Benchmark
    public Matrix weightGradient() {
        Gemm.matmulTransA(x, z, dw, false, compute);
        return dw;
    }

    @Benchmark
    public Matrix inputGradient() {
        Gemm.matmulTransB(z, w, dx, compute);
        return dx;
    }
}
