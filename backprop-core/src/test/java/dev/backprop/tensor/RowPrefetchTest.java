package dev.backprop.tensor;

import dev.backprop.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The background gather: whatever mix of workers and caller copies the rows, and whatever jobs run
 * in between, {@code finish()} leaves exactly the rows {@link Elementwise#gatherRows} would.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RowPrefetchTest {

    private static Matrix source(DType dtype, int rows, int cols) {
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, i * 0.25 - 7);
        }
        return m;
    }

    private static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Rng.seeded(seed).shuffle(order);
        return order;
    }

    private static void assertGathered(Matrix src, int[] order, int from, Matrix dst) {
        for (int r = 0; r < dst.rows(); r++) {
            for (int c = 0; c < dst.cols(); c++) {
                assertEquals(src.get(order[from + r], c), dst.get(r, c), "row " + r + ", column " + c);
            }
        }
    }

    @Test
    void oneThreadHasNoPrefetcher() {
        assertNull(Compute.SERIAL.prefetch());
        try (Compute two = Compute.threads(2)) {
            assertNotNull(two.prefetch());
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void rowsCopiedBetweenProductsAreTheGatheredRows(DType dtype) {
        Matrix src = source(dtype, 500, 300);
        int[] order = permutation(500, 1);
        Matrix a = source(dtype, 64, 300), w = source(dtype, 300, 200), z = Matrix.zeros(dtype, 64, 200);
        try (Compute two = Compute.threads(2)) {
            RowPrefetch prefetch = two.prefetch();
            for (int from = 0; from + 64 <= 500; from += 64) {
                Matrix dst = Matrix.zeros(dtype, 64, 300);
                prefetch.start(src, order, from, dst);
                Gemm.matmul(a, w, z, two);   // the worker serves the product, then goes on copying
                prefetch.finish();
                assertGathered(src, order, from, dst);
            }
        }
    }

    /**
     * A pipelined layer forward's later parts copy rows while they wait for the first part's first
     * tile: the rows and the forward's bits come out as without a gather under way.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void rowsCopiedWhilePipelinedPartsWaitAreTheGatheredRows(DType dtype) {
        Matrix src = source(dtype, 3000, 784);
        int[] order = permutation(3000, 4);
        Rng rng = Rng.seeded(5);
        Matrix x = Matrix.zeros(dtype, 64, 784), w = Matrix.zeros(dtype, 784, 64), bias = Matrix.zeros(dtype, 1, 64);
        for (Matrix m : new Matrix[] {x, w, bias}) {
            for (int i = 0; i < m.size(); i++) {
                m.setFlat(i, rng.nextGaussian());
            }
        }
        Matrix expectedZ = Matrix.zeros(dtype, 64, 64), expectedA = Matrix.zeros(dtype, 64, 64);
        Gemm.matmulBiasActivate(x, w, expectedZ, bias, Nonlinearity.SIGMOID, 0, expectedA, Compute.SERIAL);
        for (int threads = 2; threads <= 3; threads++) {
            assertTrue(GemmJob.pipelinesInnerIndex(1, 1, 64, 64, 784, dtype, threads), "the forward is pipelined");
            try (Compute compute = Compute.threads(threads)) {
                RowPrefetch prefetch = compute.prefetch();
                for (int from = 0; from + 100 <= 3000; from += 100) {
                    Matrix dst = Matrix.zeros(dtype, 100, 784);
                    Matrix z = Matrix.zeros(dtype, 64, 64), a = Matrix.zeros(dtype, 64, 64);
                    prefetch.start(src, order, from, dst);
                    Gemm.matmulBiasActivate(x, w, z, bias, Nonlinearity.SIGMOID, 0, a, compute);
                    prefetch.finish();
                    assertGathered(src, order, from, dst);
                    assertArrayEquals(expectedZ.toDoubleArray(), z.toDoubleArray(), "Z, " + threads + " threads");
                    assertArrayEquals(expectedA.toDoubleArray(), a.toDoubleArray(), "A, " + threads + " threads");
                }
            }
        }
    }

    /** Rows claimed several at a time: an odd count ends with a shorter claim, and none is copied twice. */
    @Test
    void rowsClaimedTogetherCoverTheGatherOnce() {
        Matrix src = source(DType.FLOAT64, 50, 7);
        int[] order = permutation(50, 6);
        try (Compute two = Compute.threads(2)) {
            RowPrefetch prefetch = two.prefetch();
            for (int rows : new int[] {1, 2, 5, 9}) {
                Matrix dst = Matrix.zeros(DType.FLOAT64, rows, 7);
                prefetch.start(src, order, 3, dst);
                int claims = 0;
                while (prefetch.runRows(4)) {
                    claims++;
                }
                assertTrue(claims <= (rows + 3) / 4, claims + " claims of up to 4 rows for " + rows + " rows");
                prefetch.finish();
                assertGathered(src, order, 3, dst);
                assertFalse(prefetch.runRows(2), "nothing to claim after finish()");
            }
        }
    }

    @Test
    void thousandsOfGathersOfChangingSizesOnThreeThreadsLoseNoRow() {
        Matrix src = source(DType.FLOAT32, 300, 40);
        int[] order = permutation(300, 2);
        Rng rng = Rng.seeded(3);
        try (Compute three = Compute.threads(3)) {
            RowPrefetch prefetch = three.prefetch();
            Matrix previous = null;
            int previousFrom = 0;
            for (int round = 0; round < 3000; round++) {
                int rows = 1 + rng.nextInt(100);
                int from = rng.nextInt(300 - rows + 1);
                Matrix dst = Matrix.zeros(DType.FLOAT32, rows, 40);
                prefetch.start(src, order, from, dst);   // finishes the previous gather first
                if (previous != null) {
                    assertGathered(src, order, previousFrom, previous);
                }
                if (round % 3 == 0) {
                    prefetch.finish();
                    assertGathered(src, order, from, dst);
                    previous = null;
                } else {
                    previous = dst;
                    previousFrom = from;
                }
            }
            prefetch.finish();
        }
    }

    @Test
    void workersThatHaveParkedWakeUpForRowsAndJobs() throws InterruptedException {
        Matrix src = source(DType.FLOAT64, 200, 64);
        int[] order = permutation(200, 4);
        Matrix a = source(DType.FLOAT64, 64, 300), w = source(DType.FLOAT64, 300, 64);
        Matrix z = Matrix.zeros(DType.FLOAT64, 64, 64), expected = z.zerosLike();
        Gemm.matmul(a, w, expected);
        try (Compute two = Compute.threads(2)) {
            for (int round = 0; round < 20; round++) {
                Thread.sleep(2);   // longer than the spin: the worker parks
                Matrix dst = Matrix.zeros(DType.FLOAT64, 50, 64);
                two.prefetch().start(src, order, round * 5, dst);
                Thread.sleep(1);
                two.prefetch().finish();
                assertGathered(src, order, round * 5, dst);
                Thread.sleep(2);
                Gemm.matmul(a, w, z, two);
                for (int i = 0; i < z.size(); i++) {
                    assertEquals(expected.getFlat(i), z.getFlat(i));
                }
            }
        }
    }

    @Test
    void afterCloseTheCallerCopiesEverything() {
        Matrix src = source(DType.FLOAT32, 100, 30);
        int[] order = permutation(100, 5);
        Compute two = Compute.threads(2);
        RowPrefetch prefetch = two.prefetch();
        two.close();
        Matrix dst = Matrix.zeros(DType.FLOAT32, 40, 30);
        prefetch.start(src, order, 10, dst);
        prefetch.finish();
        assertGathered(src, order, 10, dst);
    }

    @Test
    void badArgumentsAreRefusedByStartNamingTheProblem() {
        Matrix src = source(DType.FLOAT32, 10, 4);
        try (Compute two = Compute.threads(2)) {
            RowPrefetch prefetch = two.prefetch();
            int[] bad = {0, 1, 12, 3};
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> prefetch.start(src, bad, 0, Matrix.zeros(DType.FLOAT32, 4, 4)));
            assertTrue(e.getMessage().contains("index 12 at position 2"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class,
                    () -> prefetch.start(src, new int[] {0, 1}, 1, Matrix.zeros(DType.FLOAT32, 2, 4)));
            assertThrows(ShapeException.class,
                    () -> prefetch.start(src, new int[] {0, 1}, 0, Matrix.zeros(DType.FLOAT32, 2, 5)));
            assertThrows(ShapeException.class,
                    () -> prefetch.start(src, new int[] {0, 1}, 0, Matrix.zeros(DType.FLOAT64, 2, 4)));
            prefetch.finish();   // nothing under way: returns at once
            Matrix dst = Matrix.zeros(DType.FLOAT32, 2, 4);
            prefetch.start(src, new int[] {9, 8}, 0, dst);   // still usable after a refusal
            prefetch.finish();
            assertGathered(src, new int[] {9, 8}, 0, dst);
        }
    }
}
