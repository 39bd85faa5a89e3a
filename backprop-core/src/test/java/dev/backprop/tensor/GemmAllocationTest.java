package dev.backprop.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import dev.backprop.random.Rng;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The products allocate nothing once compiled, in every kernel the blocking reaches: the eight-row
 * kernels with A in place and packed, starting from C and from zero, the scratch tile of partial
 * tiles and narrow panels, and inner blocks of 10, 16, 32, 257 and 784. A micro-kernel whose vector
 * operations the JIT failed to intrinsify allocates on every operation (an earlier paired kernel
 * did, in some processes, against inner blocks of 10 and 16, and a packing loop with a narrower
 * vector species did on JDK 17), and only a measurement of allocated bytes shows it: the results
 * stay right.
 */
class GemmAllocationTest {

    /** (m, n, k) of the products backpropagation runs in the benchmarks, scaled down. */
    private static final int[][] SHAPES = {
        {512, 64, 10}, {512, 64, 16}, {32, 64, 784}, {32, 10, 64}, {200, 100, 32}, {45, 96, 257},
        {128, 128, 128}, {9, 70, 20}, {9, 70, 300},
    };

    @ParameterizedTest
    @EnumSource(DType.class)
    void productsAllocateNothingAfterWarmUp(DType dtype) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Rng rng = Rng.seeded(3);
        List<Matrix[]> operands = new ArrayList<>();
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            operands.add(new Matrix[] {
                random(dtype, m, k, rng), random(dtype, k, n, rng), random(dtype, k, m, rng), random(dtype, n, k, rng),
                Matrix.zeros(dtype, m, n),
            });
        }
        for (int i = 0; i < 300; i++) {   // warm-up: let the JIT compile every kernel
            runAll(operands);
        }
        // Steady state is the claim: the best of up to five windows counts, as a kernel may be
        // recompiled (and run interpreted for a moment) in one of them.
        List<Long> windows = new ArrayList<>();
        for (int w = 0; w < 5; w++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                runAll(operands);
            }
            windows.add(threads.getCurrentThreadAllocatedBytes() - before);
            // 2,400 products: a boxed kernel allocates kilobytes in each.
            if (windows.get(w) < 16 * 1024) {
                return;
            }
        }
        fail("every window of 2,400 products allocated: " + windows + " bytes");
    }

    private static void runAll(List<Matrix[]> operands) {
        for (Matrix[] o : operands) {
            Gemm.matmul(o[0], o[1], o[4]);
            Gemm.matmulTransA(o[2], o[1], o[4], true);
            Gemm.matmulTransB(o[0], o[3], o[4]);
        }
    }

    private static Matrix random(DType dtype, int rows, int cols, Rng rng) {
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, rng.nextGaussian() * 0.1);
        }
        return m;
    }
}
