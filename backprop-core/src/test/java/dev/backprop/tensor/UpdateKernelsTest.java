package dev.backprop.tensor;

import dev.backprop.random.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The optimiser updates: the written formulas element by element, and the same bits whether a large
 * parameter is updated on one thread or split over two or three (row blocks, with a ragged last
 * block and a parameter that is a row-range view of a larger matrix).
 */
class UpdateKernelsTest {

    /** Rows × columns above the split threshold, with a row count no block size divides. */
    private static final int ROWS = 1027, COLS = 37;

    private static Matrix random(DType dtype, int rows, int cols, Rng rng, double lo, double hi) {
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, rng.nextUniform(lo, hi));
        }
        return m;
    }

    /** A parameter that starts at a non-zero offset of its backing array. */
    private static Matrix view(Matrix m) {
        Matrix host = Matrix.zeros(m.dtype(), m.rows() + 3, m.cols());
        Matrix v = host.rows(3, m.rows() + 3);
        v.copyFrom(m);
        return v;
    }

    private static void assertSameBits(Matrix expected, Matrix actual, String what) {
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(expected.getFlat(i)), Double.doubleToRawLongBits(actual.getFlat(i)),
                    what + ": element " + i + " differs (" + expected.getFlat(i) + " vs " + actual.getFlat(i) + ")");
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void splittingOverThreadsGivesTheSameBitsForEveryOptimiser(DType dtype) {
        assertEquals(true, UpdateJob.worthSplitting(Matrix.zeros(dtype, ROWS, COLS)));
        Rng rng = Rng.seeded(5);
        Matrix w = random(dtype, ROWS, COLS, rng, -1, 1), g = random(dtype, ROWS, COLS, rng, -1, 1);
        Matrix s1 = random(dtype, ROWS, COLS, rng, -1, 1), s2 = random(dtype, ROWS, COLS, rng, 0, 1);
        try (Compute two = Compute.threads(2); Compute three = Compute.threads(3)) {
            for (int variant = 0; variant < 4; variant++) {
                Matrix[] serial = {w.copy(), s1.copy(), s2.copy()};
                apply(variant, serial, g, Compute.SERIAL);
                for (Compute compute : new Compute[] {two, three}) {
                    Matrix[] split = {view(w), view(s1), view(s2)};
                    apply(variant, split, view(g), compute);
                    for (int i = 0; i < 3; i++) {
                        assertSameBits(serial[i], split[i], "variant " + variant + " on " + compute + ", tensor " + i);
                    }
                }
                assertNotEquals(w.getFlat(ROWS * COLS - 1), serial[0].getFlat(ROWS * COLS - 1), "the update changed w");
            }
        }
    }

    /** 0 SGD, 1 momentum, 2 Nesterov, 3 Adam at step 3. */
    private static void apply(int variant, Matrix[] state, Matrix g, Compute compute) {
        switch (variant) {
            case 0 -> UpdateKernels.sgd(state[0], g, 0.1, compute);
            case 1 -> UpdateKernels.momentum(state[0], g, state[1], 0.05, 0.9, false, compute);
            case 2 -> UpdateKernels.momentum(state[0], g, state[1], 0.05, 0.9, true, compute);
            default -> UpdateKernels.adam(state[0], g, state[1], state[2], 0.01, 0.9, 0.999, 1e-8, 3, compute);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void theSplitUpdateFollowsTheFormulasElementByElement(DType dtype) {
        Rng rng = Rng.seeded(8);
        Matrix w = random(dtype, ROWS, COLS, rng, -1, 1), g = random(dtype, ROWS, COLS, rng, -1, 1);
        Matrix v = random(dtype, ROWS, COLS, rng, -1, 1);
        Matrix w1 = w.copy(), v1 = v.copy();
        try (Compute two = Compute.threads(2)) {
            UpdateKernels.momentum(w1, g, v1, 0.05, 0.9, false, two);
        }
        for (int i = 0; i < w.size(); i += 97) {
            double vi = round(dtype, round(dtype, 0.9 * v.getFlat(i)) + g.getFlat(i));
            double expectedW = round(dtype, w.getFlat(i) - round(dtype, 0.05 * vi));
            double tolerance = dtype == DType.FLOAT32 ? 1e-6 : 1e-15;   // FMA may fuse a rounding away
            assertEquals(vi, v1.getFlat(i), tolerance, "velocity " + i);
            assertEquals(expectedW, w1.getFlat(i), tolerance, "weight " + i);
        }
    }

    private static double round(DType dtype, double x) {
        return dtype == DType.FLOAT32 ? (float) x : x;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void mismatchedShapesOrTypesAreRefusedBeforeAnythingChanges(DType dtype) {
        Matrix w = Matrix.zeros(dtype, ROWS, COLS);
        DType other = dtype == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        try (Compute two = Compute.threads(2)) {
            assertThrows(ShapeException.class, () -> UpdateKernels.sgd(w, Matrix.zeros(dtype, ROWS, COLS + 1), 0.1, two));
            assertThrows(ShapeException.class, () -> UpdateKernels.sgd(w, Matrix.zeros(other, ROWS, COLS), 0.1, two));
            assertThrows(ShapeException.class, () -> UpdateKernels.momentum(w, w.copy(), Matrix.zeros(other, ROWS, COLS),
                    0.1, 0.9, false, two));
            assertThrows(ShapeException.class, () -> UpdateKernels.adam(w, w.copy(), w.copy(), Matrix.zeros(dtype, 1, 1),
                    0.1, 0.9, 0.999, 1e-8, 1, two));
        }
    }
}
