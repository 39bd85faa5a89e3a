package dev.backprop.tensor;

import dev.backprop.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Known-answer tests of the three products against a naive triple loop in float64. */
class GemmTest {

    private static final int[] SIZES = {1, 3, 17, 64, 785};

    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        Rng rng = Rng.seeded(11);
        for (int m : SIZES) {
            for (int k : SIZES) {
                for (int n : SIZES) {
                    // Keep the big cube out: 785³ is slow in a naive reference and adds nothing.
                    if ((long) m * k * n <= 785L * 785 * 17 && rng.nextInt(3) == 0 || m * k * n <= 64) {
                        for (DType dtype : DType.values()) {
                            out.add(Arguments.of(m, k, n, dtype));
                        }
                    }
                }
            }
        }
        out.add(Arguments.of(32, 785, 64, DType.FLOAT32));
        out.add(Arguments.of(32, 785, 64, DType.FLOAT64));
        return out.stream();
    }

    private static Matrix random(DType dtype, int rows, int cols, Rng rng) {
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, rng.nextUniform(-1, 1));
        }
        return m;
    }

    /** The reference: C[i][j] = Σ_p A[i][p]·B[p][j] in double with plain multiply-adds. */
    private static double[][] naive(Matrix a, Matrix b, boolean transA, boolean transB) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int n = transB ? b.rows() : b.cols();
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a.get(p, i) : a.get(i, p);
                    double bv = transB ? b.get(j, p) : b.get(p, j);
                    s += av * bv;
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    private static void assertClose(double[][] expected, Matrix actual, int k) {
        // float32 rounding grows with the inner size k; float64 is exact to ~1e-15 relative.
        double tol = actual.dtype() == DType.FLOAT32 ? 1e-5 * Math.sqrt(k) : 1e-13 * Math.sqrt(k);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double e = expected[i][j];
                double a = actual.get(i, j);
                String where = "C[" + i + ", " + j + "]";
                assertTrue(Math.abs(e - a) <= tol * Math.max(1, Math.abs(e)),
                        () -> where + " differs: expected " + e + " got " + a);
            }
        }
    }

    @ParameterizedTest(name = "{3} A[{0}x{1}]·B[{1}x{2}]")
    @MethodSource("shapes")
    void matmulMatchesNaive(int m, int k, int n, DType dtype) {
        Rng rng = Rng.seeded(m * 31L + k * 7L + n);
        Matrix a = random(dtype, m, k, rng);
        Matrix b = random(dtype, k, n, rng);
        Matrix c = random(dtype, m, n, rng); // garbage in C must be overwritten
        Gemm.matmul(a, b, c);
        assertClose(naive(a, b, false, false), c, k);
    }

    @ParameterizedTest(name = "{3} A[{1}x{0}]ᵀ·B[{1}x{2}]")
    @MethodSource("shapes")
    void matmulTransAMatchesNaive(int m, int k, int n, DType dtype) {
        Rng rng = Rng.seeded(m * 37L + k * 5L + n);
        Matrix a = random(dtype, k, m, rng);
        Matrix b = random(dtype, k, n, rng);
        Matrix c = random(dtype, m, n, rng);
        Gemm.matmulTransA(a, b, c, false);
        assertClose(naive(a, b, true, false), c, k);
    }

    @ParameterizedTest(name = "{3} A[{0}x{1}]·B[{2}x{1}]ᵀ")
    @MethodSource("shapes")
    void matmulTransBMatchesNaive(int m, int k, int n, DType dtype) {
        Rng rng = Rng.seeded(m * 41L + k * 3L + n);
        Matrix a = random(dtype, m, k, rng);
        Matrix b = random(dtype, n, k, rng);
        Matrix c = random(dtype, m, n, rng);
        Gemm.matmulTransB(a, b, c);
        assertClose(naive(a, b, false, true), c, k);
    }

    @Test
    void transAAccumulates() {
        Rng rng = Rng.seeded(5);
        Matrix a = random(DType.FLOAT64, 17, 3, rng);
        Matrix b = random(DType.FLOAT64, 17, 4, rng);
        Matrix c = random(DType.FLOAT64, 3, 4, rng);
        Matrix before = c.copy();
        Gemm.matmulTransA(a, b, c, true);
        double[][] product = naive(a, b, true, false);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(before.get(i, j) + product[i][j], c.get(i, j), 1e-13);
            }
        }
    }

    @Test
    void worksOnRowViews() {
        Rng rng = Rng.seeded(9);
        Matrix big = random(DType.FLOAT64, 10, 6, rng);
        Matrix view = big.rows(3, 7);
        Matrix w = random(DType.FLOAT64, 6, 5, rng);
        Matrix out = Matrix.zeros(DType.FLOAT64, 4, 5);
        Gemm.matmul(view, w, out);
        assertClose(naive(view.copy(), w, false, false), out, 6);
    }

    @Test
    void integersGiveExactKnownAnswer() {
        Matrix a = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Matrix b = Matrix.of(new double[][] {{7, 8}, {9, 10}, {11, 12}});
        Matrix c = Matrix.zeros(DType.FLOAT64, 2, 2);
        Gemm.matmul(a, b, c);
        assertEquals(58, c.get(0, 0));
        assertEquals(64, c.get(0, 1));
        assertEquals(139, c.get(1, 0));
        assertEquals(154, c.get(1, 1));
    }

    @Test
    void shapeErrorsNameOperands() {
        Matrix a = Matrix.zeros(DType.FLOAT64, 2, 3);
        Matrix b = Matrix.zeros(DType.FLOAT64, 4, 5);
        ShapeException e = assertThrows(ShapeException.class, () -> Gemm.matmul(a, b, Matrix.zeros(DType.FLOAT64, 2, 5)));
        assertTrue(e.getMessage().contains("'A' [2, 3]") && e.getMessage().contains("'B' [4, 5]"), e.getMessage());

        Matrix b2 = Matrix.zeros(DType.FLOAT64, 3, 5);
        e = assertThrows(ShapeException.class, () -> Gemm.matmul(a, b2, Matrix.zeros(DType.FLOAT64, 2, 4)));
        assertTrue(e.getMessage().contains("'C' has shape [2, 4], expected [2, 5]"), e.getMessage());

        e = assertThrows(ShapeException.class, () -> Gemm.matmul(a, Matrix.zeros(DType.FLOAT32, 3, 5),
                Matrix.zeros(DType.FLOAT64, 2, 5)));
        assertTrue(e.getMessage().contains("'B' is float32"), e.getMessage());

        Matrix sq = Matrix.zeros(DType.FLOAT64, 3, 3);
        e = assertThrows(ShapeException.class, () -> Gemm.matmul(sq, Matrix.zeros(DType.FLOAT64, 3, 3), sq));
        assertTrue(e.getMessage().contains("must not share storage"), e.getMessage());

        e = assertThrows(ShapeException.class, () -> Gemm.matmulTransA(a, b, Matrix.zeros(DType.FLOAT64, 3, 5), false));
        assertTrue(e.getMessage().contains("Aᵀ·B"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> Gemm.matmulTransB(a, b, Matrix.zeros(DType.FLOAT64, 2, 4)));
        assertTrue(e.getMessage().contains("A·Bᵀ"), e.getMessage());
    }
}
