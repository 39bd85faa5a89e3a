package dev.backprop.jmh;

import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Elementwise;
import dev.backprop.tensor.Matrix;
import dev.backprop.tensor.Nonlinearity;
import dev.backprop.tensor.UpdateKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** The element-wise kernels of one W1 step: a 32×64 activation and its gradient, a 784×64 update. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ElementwiseBenchmarks {

    @Param({"SIGMOID", "IMPROVED_SIGMOID", "RELU"})
    public Nonlinearity function;

    @Param({"FLOAT32", "FLOAT64"})
    public DType dtype;

    private Matrix z;
    private Matrix a;
    private Matrix g;
    private Matrix w;
    private Matrix dw;
    private Matrix velocity;

    @Setup
    public void setUp() {
        Rng rng = Rng.seeded(2);
        z = random(32, 64, rng);
        a = Matrix.zeros(dtype, 32, 64);
        g = random(32, 64, rng);
        w = random(784, 64, rng);
        dw = random(784, 64, rng);
        velocity = Matrix.zeros(dtype, 784, 64);
    }

    private Matrix random(int rows, int cols, Rng rng) {
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, rng.nextGaussian());
        }
        return m;
    }

    @Benchmark
    public Matrix activate() {
        Elementwise.activate(function, 0.01, z, a);
        return a;
    }

    @Benchmark
    public Matrix activationGradient() {
        Elementwise.activationGradient(function, 0.01, z, a, g, g);
        return g;
    }

    @Benchmark
    public Matrix momentumUpdate() {
        UpdateKernels.momentum(w, dw, velocity, 1e-9, 0.9, false);
        return w;
    }
}
