package dev.backprop.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElementwiseTest {

    @Test
    void activationsKnownValues() {
        assertEquals(0.5, Nonlinearity.SIGMOID.apply(0, 0));
        assertEquals(1 / (1 + Math.exp(-2.0)), Nonlinearity.SIGMOID.apply(2, 0), 1e-16);
        assertEquals(0.0, Nonlinearity.SIGMOID.apply(-1000, 0));
        assertEquals(1.0, Nonlinearity.SIGMOID.apply(1000, 0));
        assertEquals(1.7159 * Math.tanh(2.0 / 3.0), Nonlinearity.IMPROVED_SIGMOID.apply(1, 0), 1e-15);
        assertEquals(1.7159, Nonlinearity.IMPROVED_SIGMOID.apply(1000, 0), 1e-15);
        assertEquals(Math.tanh(0.3), Nonlinearity.TANH.apply(0.3, 0), 1e-16);
        assertEquals(0.0, Nonlinearity.RELU.apply(-3, 0));
        assertEquals(3.0, Nonlinearity.RELU.apply(3, 0));
        assertEquals(-0.3, Nonlinearity.LEAKY_RELU.apply(-3, 0.1), 1e-16);
        assertEquals(0.0, Nonlinearity.RELU.derivative(0, 0, 0), "PyTorch's subgradient at 0");
    }

    @ParameterizedTest
    @EnumSource(Nonlinearity.class)
    void derivativeMatchesCentredDifference(Nonlinearity f) {
        double h = 1e-6;
        for (double x : new double[] {-2.5, -0.7, -0.1, 0.2, 0.9, 3.1}) {
            double numeric = (f.apply(x + h, 0.05) - f.apply(x - h, 0.05)) / (2 * h);
            double analytic = f.derivative(x, f.apply(x, 0.05), 0.05);
            assertEquals(numeric, analytic, 1e-8, f + " at " + x);
        }
    }

    @Test
    void activationFloatMatchesDoubleRounded() {
        Matrix z64 = Matrix.of(new double[][] {{-3, -0.5, 0, 0.5, 3}});
        Matrix z32 = Matrix.zeros(DType.FLOAT32, 1, 5);
        z32.copyFrom(z64);
        for (Nonlinearity f : Nonlinearity.values()) {
            Matrix a64 = z64.zerosLike();
            Matrix a32 = z32.zerosLike();
            Elementwise.activate(f, 0.01, z64, a64);
            Elementwise.activate(f, 0.01, z32, a32);
            for (int i = 0; i < 5; i++) {
                assertEquals((float) a64.getFlat(i), (float) a32.getFlat(i), f + " at " + i);
            }
        }
    }

    @Test
    void biasAndColumnSums() {
        for (DType dtype : DType.values()) {
            Matrix m = Matrix.from(dtype, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Elementwise.addRowVector(m, Matrix.from(dtype, new double[] {10, 20, 30}, 1, 3));
            assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36}, m.toDoubleArray());
            Matrix sums = Matrix.zeros(dtype, 1, 3);
            Elementwise.sumColumns(m, sums, false);
            assertArrayEquals(new double[] {25, 47, 69}, sums.toDoubleArray());
            Elementwise.sumColumns(m, sums, true);
            assertArrayEquals(new double[] {50, 94, 138}, sums.toDoubleArray());
        }
    }

    @Test
    void gatherCopiesRowsInOrderAndChecksIndices() {
        Matrix src = Matrix.of(new double[][] {{0, 0}, {1, 1}, {2, 2}, {3, 3}});
        Matrix dst = Matrix.zeros(DType.FLOAT32, 3, 2);
        Elementwise.gatherRows(src, new int[] {9, 3, 0, 2, 9}, 1, dst);
        assertArrayEquals(new double[] {3, 3, 0, 0, 2, 2}, dst.toDoubleArray());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Elementwise.gatherRows(src, new int[] {0, 4, 1}, 0, dst));
        assertTrue(e.getMessage().contains("index 4 at position 1"), e.getMessage());
    }

    @Test
    void reductionsAndArgmax() {
        Matrix m = Matrix.of(new double[][] {{1, -2}, {3, 3}});
        assertEquals(23.0, Elementwise.sumOfSquares(m));
        int[] idx = new int[2];
        Elementwise.argmaxRows(m, idx);
        assertArrayEquals(new int[] {0, 0}, idx, "first index wins ties");
        Elementwise.axpy(2, m, m.copy());
        Matrix y = Matrix.of(new double[][] {{1, 1}, {1, 1}});
        Elementwise.axpy(-1, m, y);
        assertArrayEquals(new double[] {0, 3, -2, -2}, y.toDoubleArray());
        Elementwise.scale(0.5, y);
        assertArrayEquals(new double[] {0, 1.5, -1, -1}, y.toDoubleArray());
    }

    @Test
    void shapeMismatchesAreNamed() {
        Matrix m = Matrix.zeros(DType.FLOAT64, 2, 3);
        ShapeException e = assertThrows(ShapeException.class,
                () -> Elementwise.addRowVector(m, Matrix.zeros(DType.FLOAT64, 1, 4)));
        assertTrue(e.getMessage().contains("'row vector' has shape [1, 4], expected [1, 3]"), e.getMessage());
    }
}
