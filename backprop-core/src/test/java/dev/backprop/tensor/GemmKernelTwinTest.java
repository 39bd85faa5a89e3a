package dev.backprop.tensor;

import dev.backprop.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vector API products against their scalar twin, bit for bit, and the parallel split against
 * one thread: shapes straddle every block edge (micro-kernel rows, panel width, KC, NC, MC), with
 * row views at odd offsets and every stride pattern the three products use.
 */
class GemmKernelTwinTest {

    /**
     * (m, n, k) around MR = 4/8, NR = 16/32, the packed blocks of A (one vector of rows: 8 or 16),
     * KC = 192 and its even split of the inner index (193 and 385 make two and three blocks), NC =
     * 512, MC = 128, and the longer inner blocks of a C over 1 MB (520 × 530 float32, KC_LARGE_C =
     * 512): 11 and 45 rows end in a partial tile, 17 and 24 rows a partial packed block of A, 10 and
     * 70 columns a narrow panel, 8 × 545 a narrow last column block.
     */
    static Stream<Arguments> shapes() {
        int[][] base = {
            {1, 1, 1}, {3, 5, 7}, {8, 32, 16}, {9, 33, 17}, {7, 31, 513}, {16, 64, 784}, {32, 10, 64},
            {129, 65, 40}, {8, 545, 20}, {200, 100, 300}, {33, 16, 1030}, {130, 530, 520},
            {11, 64, 300}, {45, 96, 257}, {17, 70, 193}, {24, 64, 385}, {520, 530, 40},
        };
        List<Arguments> out = new ArrayList<>();
        for (int[] s : base) {
            for (String kind : new String[] {"AB", "AtB", "ABt"}) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    out.add(Arguments.of(s[0], s[1], s[2], kind, accumulate));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{3} m={0} n={1} k={2} accumulate={4}")
    @MethodSource("shapes")
    void vectorFloatMatchesScalarBitForBit(int m, int n, int k, String kind, boolean accumulate) {
        Rng rng = Rng.seeded(m * 31L + n * 7L + k);
        Strided s = Strided.of(kind, m, n, k, 3);
        float[] a = randomFloats(s.aLength, rng), b = randomFloats(s.bLength, rng);
        float[] c0 = randomFloats(s.cLength, rng);
        float[] scalar = c0.clone(), vector = c0.clone();
        ScalarGemm.multiply(a, 3, s.aRs, s.aCs, b, 3, s.bRs, s.bCs, scalar, 3, n, 0, m, 0, n, k, accumulate);
        VectorGemmFloat.multiply(a, 3, s.aRs, s.aCs, b, 3, s.bRs, s.bCs, vector, 3, n, 0, m, 0, n, k, accumulate);
        assertArrayEquals(scalar, vector);
        assertEquals(c0[0], vector[0], "the leading elements outside C are untouched");
    }

    @ParameterizedTest(name = "{3} m={0} n={1} k={2} accumulate={4}")
    @MethodSource("shapes")
    void vectorDoubleMatchesScalarBitForBit(int m, int n, int k, String kind, boolean accumulate) {
        Rng rng = Rng.seeded(m * 37L + n * 5L + k);
        Strided s = Strided.of(kind, m, n, k, 3);
        double[] a = randomDoubles(s.aLength, rng), b = randomDoubles(s.bLength, rng);
        double[] c0 = randomDoubles(s.cLength, rng);
        double[] scalar = c0.clone(), vector = c0.clone();
        ScalarGemm.multiply(a, 3, s.aRs, s.aCs, b, 3, s.bRs, s.bCs, scalar, 3, n, 0, m, 0, n, k, accumulate);
        VectorGemmDouble.multiply(a, 3, s.aRs, s.aCs, b, 3, s.bRs, s.bCs, vector, 3, n, 0, m, 0, n, k, accumulate);
        assertArrayEquals(scalar, vector);
    }

    /**
     * The kernel that reads a B packed whole (the shared split of large products) against the scalar
     * twin, with the panels packed in reverse order and the rows of C taken in two calls, as
     * different threads would.
     */
    @ParameterizedTest(name = "{3} m={0} n={1} k={2} accumulate={4}")
    @MethodSource("shapes")
    void packedBKernelMatchesScalarBitForBit(int m, int n, int k, String kind, boolean accumulate) {
        Rng rng = Rng.seeded(m * 41L + n * 3L + k);
        Strided s = Strided.of(kind, m, n, k, 3);
        float[] a = randomFloats(s.aLength, rng), b = randomFloats(s.bLength, rng);
        float[] c0 = randomFloats(s.cLength, rng);
        float[] scalar = c0.clone(), vector = c0.clone();
        ScalarGemm.multiply(a, 3, s.aRs, s.aCs, b, 3, s.bRs, s.bCs, scalar, 3, n, 0, m, 0, n, k, accumulate);
        float[] packed = new float[VectorGemmFloat.packedLength(k, n)];
        for (int q = (n + VectorGemmFloat.NR - 1) / VectorGemmFloat.NR - 1; q >= 0; q--) {
            VectorGemmFloat.packPanel(b, 3, s.bRs, s.bCs, k, n, q, packed);
        }
        int cut = m / 2;
        VectorGemmFloat.multiplyPackedB(a, 3, s.aRs, s.aCs, packed, k, n, vector, 3, n, cut, m, accumulate);
        VectorGemmFloat.multiplyPackedB(a, 3, s.aRs, s.aCs, packed, k, n, vector, 3, n, 0, cut, accumulate);
        assertArrayEquals(scalar, vector);
        assertEquals(c0[0], vector[0], "the leading elements outside C are untouched");

        double[] ad = randomDoubles(s.aLength, rng), bd = randomDoubles(s.bLength, rng);
        double[] d0 = randomDoubles(s.cLength, rng);
        double[] scalarD = d0.clone(), vectorD = d0.clone();
        ScalarGemm.multiply(ad, 3, s.aRs, s.aCs, bd, 3, s.bRs, s.bCs, scalarD, 3, n, 0, m, 0, n, k, accumulate);
        double[] packedD = new double[VectorGemmDouble.packedLength(k, n)];
        for (int q = 0; q * VectorGemmDouble.NR < n; q++) {
            VectorGemmDouble.packPanel(bd, 3, s.bRs, s.bCs, k, n, q, packedD);
        }
        VectorGemmDouble.multiplyPackedB(ad, 3, s.aRs, s.aCs, packedD, k, n, vectorD, 3, n, 0, m, accumulate);
        assertArrayEquals(scalarD, vectorD);
    }

    /**
     * The kernels that read a row-major B in place (a layer's forward pass), against the scalar twin:
     * each stride with a micro-kernel (64, 128, 256), a B narrower than its stride, a stride without
     * one (the fall-back), rows that end in a partial tile, one inner block and three, starting from
     * C and from zero, with A's rows at an odd offset and stride.
     */
    @ParameterizedTest(name = "m={0} n={1} ldb={2} k={3}")
    @MethodSource("rowMajorBShapes")
    void rowMajorBKernelMatchesScalarBitForBit(int m, int n, int ldb, int k) {
        Rng rng = Rng.seeded(m * 43L + n * 11L + ldb + k);
        int lda = k + 5;
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] a = randomFloats(3 + m * lda, rng), b = randomFloats(3 + k * ldb, rng);
            float[] c0 = randomFloats(3 + m * n, rng);
            float[] scalar = c0.clone(), vector = c0.clone();
            ScalarGemm.multiply(a, 3, lda, 1, b, 3, ldb, 1, scalar, 3, n, 0, m, 0, n, k, accumulate);
            int cut = m / 2;
            VectorGemmFloat.multiplyRowMajorB(a, 3, lda, b, 3, ldb, k, n, vector, 3, n, cut, m, accumulate);
            VectorGemmFloat.multiplyRowMajorB(a, 3, lda, b, 3, ldb, k, n, vector, 3, n, 0, cut, accumulate);
            assertArrayEquals(scalar, vector, "float32, accumulate " + accumulate);
            assertEquals(c0[0], vector[0], "the leading elements outside C are untouched");

            double[] ad = randomDoubles(3 + m * lda, rng), bd = randomDoubles(3 + k * ldb, rng);
            double[] d0 = randomDoubles(3 + m * n, rng);
            double[] scalarD = d0.clone(), vectorD = d0.clone();
            ScalarGemm.multiply(ad, 3, lda, 1, bd, 3, ldb, 1, scalarD, 3, n, 0, m, 0, n, k, accumulate);
            VectorGemmDouble.multiplyRowMajorB(ad, 3, lda, bd, 3, ldb, k, n, vectorD, 3, n, 0, m, accumulate);
            assertArrayEquals(scalarD, vectorD, "float64, accumulate " + accumulate);
        }
    }

    static Stream<Arguments> rowMajorBShapes() {
        return Stream.of(Arguments.of(8, 64, 64, 1), Arguments.of(21, 64, 64, 200), Arguments.of(16, 128, 128, 450),
                Arguments.of(13, 256, 256, 193), Arguments.of(24, 96, 128, 40), Arguments.of(9, 64, 96, 100),
                Arguments.of(3, 64, 64, 30), Arguments.of(32, 64, 64, 392));
    }

    @Test
    void rowMajorBKernelsExistForTheCommonLayerWidths() {
        boolean wide = VectorGemmFloat.MR == 8;
        assertEquals(wide, VectorGemmFloat.readsBInPlace(64, 64));
        assertEquals(wide, VectorGemmFloat.readsBInPlace(128, 128));
        assertEquals(wide, VectorGemmFloat.readsBInPlace(256, 256));
        assertFalse(VectorGemmFloat.readsBInPlace(100, 100), "a partial panel");
        assertFalse(VectorGemmFloat.readsBInPlace(96, 64), "a stride without a kernel");
        assertFalse(VectorGemmFloat.readsBInPlace(64, 128), "wider than its stride");
    }

    /**
     * A product whose worker never turns up, with B shared (large) or packed by each thread
     * (small): the caller multiplies its own chunks and steals every chunk of the other part; the
     * late part then finds nothing left.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} shared B: {3}")
    @MethodSource("stealingShapes")
    void aPartThatStartsLateFindsItsChunksTakenAndTheResultWhole(int m, int n, int k, boolean sharedB) {
        assertEquals(sharedB, GemmJob.sharesPackedB(m, n, k, DType.FLOAT32, 2));
        assertEquals(!sharedB, GemmJob.stealsWithOwnB(m, n, k, DType.FLOAT32, 2));
        Rng rng = Rng.seeded(23);
        for (boolean transposedA : new boolean[] {false, true}) {
            Matrix a = transposedA ? random(DType.FLOAT32, k, m, rng) : random(DType.FLOAT32, m, k, rng);
            Matrix b = random(DType.FLOAT32, k, n, rng);
            Matrix expected = Matrix.zeros(DType.FLOAT32, m, n), actual = Matrix.zeros(DType.FLOAT32, m, n);
            if (transposedA) {
                Gemm.matmulTransA(a, b, expected, false);
            } else {
                Gemm.matmul(a, b, expected);
            }
            GemmJob job = new GemmJob();
            job.setStealing(a, transposedA ? 1 : k, transposedA ? m : 1, b, n, 1, actual, m, n, k, false, 2, !sharedB);
            job.runPart(0, 2);
            assertSameBits(expected, actual);
            Matrix before = actual.copy();
            job.runPart(1, 2);
            assertSameBits(before, actual);
        }
    }

    static Stream<Arguments> stealingShapes() {
        return Stream.of(Arguments.of(600, 70, 800, true), Arguments.of(300, 64, 300, false),
                Arguments.of(130, 33, 40, false));
    }

    /**
     * An overwriting product starts its sums from +0 (kernels of their own that never read C; the
     * scratch tile of an edge zeroed first); whatever C held (NaN, infinities, -0) must not leak into
     * any tile shape: whole tiles with A in place and packed, partial tiles, the narrow edge, over
     * one and several inner blocks.
     */
    @ParameterizedTest(name = "{0}x{1}x{2}")
    @MethodSource("overwriteShapes")
    void anOverwritingProductIgnoresWhatCHeld(int m, int n, int k) {
        Rng rng = Rng.seeded(m + 13L * n + 7L * k);
        for (String kind : new String[] {"AB", "AtB", "ABt"}) {
            Strided s = Strided.of(kind, m, n, k, 0);
            float[] a = randomFloats(s.aLength, rng), b = randomFloats(s.bLength, rng);
            float[] expected = new float[s.cLength];
            ScalarGemm.multiply(a, 0, s.aRs, s.aCs, b, 0, s.bRs, s.bCs, expected, 0, n, 0, m, 0, n, k, false);
            float[] dirty = new float[s.cLength];
            float[] junk = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 3e38f};
            for (int i = 0; i < dirty.length; i++) {
                dirty[i] = junk[i % junk.length];
            }
            VectorGemmFloat.multiply(a, 0, s.aRs, s.aCs, b, 0, s.bRs, s.bCs, dirty, 0, n, 0, m, 0, n, k, false);
            assertArrayEquals(expected, dirty, kind);

            double[] ad = new double[s.aLength], bd = new double[s.bLength];
            for (int i = 0; i < ad.length; i++) {
                ad[i] = a[i];
            }
            for (int i = 0; i < bd.length; i++) {
                bd[i] = b[i];
            }
            double[] expectedD = new double[s.cLength], dirtyD = new double[s.cLength];
            ScalarGemm.multiply(ad, 0, s.aRs, s.aCs, bd, 0, s.bRs, s.bCs, expectedD, 0, n, 0, m, 0, n, k, false);
            java.util.Arrays.fill(dirtyD, Double.NaN);
            VectorGemmDouble.multiply(ad, 0, s.aRs, s.aCs, bd, 0, s.bRs, s.bCs, dirtyD, 0, n, 0, m, 0, n, k, false);
            assertArrayEquals(expectedD, dirtyD, kind);
        }
    }

    static Stream<Arguments> overwriteShapes() {
        return Stream.of(Arguments.of(9, 70, 20), Arguments.of(9, 70, 300), Arguments.of(15, 100, 600),
                Arguments.of(3, 40, 300), Arguments.of(17, 10, 16));
    }

    @Test
    void blocksOfTheOutputAddUpToTheWhole() {
        Rng rng = Rng.seeded(5);
        int m = 45, n = 70, k = 600;
        Strided s = Strided.of("AB", m, n, k, 0);
        float[] a = randomFloats(s.aLength, rng), b = randomFloats(s.bLength, rng);
        float[] whole = new float[s.cLength], pieces = new float[s.cLength];
        VectorGemmFloat.multiply(a, 0, s.aRs, s.aCs, b, 0, s.bRs, s.bCs, whole, 0, n, 0, m, 0, n, k, false);
        int[] rowCuts = {0, 8, 13, 45};
        int[] colCuts = {0, 32, 33, 70};
        for (int r = 0; r + 1 < rowCuts.length; r++) {
            for (int q = 0; q + 1 < colCuts.length; q++) {
                VectorGemmFloat.multiply(a, 0, s.aRs, s.aCs, b, 0, s.bRs, s.bCs, pieces, 0, n,
                        rowCuts[r], rowCuts[r + 1], colCuts[q], colCuts[q + 1], k, false);
            }
        }
        assertArrayEquals(whole, pieces);
    }

    /**
     * Every product gives the same bits on 1, 2 and 3 threads, for wide and narrow outputs and for
     * the forward product pipelined along its inner index.
     */
    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @MethodSource("parallelShapes")
    void threadCountDoesNotChangeTheBits(DType dtype, int m, int n, int k) {
        Rng rng = Rng.seeded(17);
        Matrix a = random(dtype, m, k, rng), b = random(dtype, k, n, rng);
        Matrix at = random(dtype, k, m, rng), bt = random(dtype, n, k, rng);
        Matrix c1 = Matrix.zeros(dtype, m, n), c2 = Matrix.zeros(dtype, m, n), c3 = Matrix.zeros(dtype, m, n);
        try (Compute two = Compute.threads(2); Compute three = Compute.threads(3)) {
            Gemm.matmul(a, b, c1);
            Gemm.matmul(a, b, c2, two);
            Gemm.matmul(a, b, c3, three);
            assertSameBits(c1, c2);
            assertSameBits(c1, c3);
            Gemm.matmulTransA(at, b.rows(0, k), c1, false);
            Gemm.matmulTransA(at, b.rows(0, k), c2, false, two);
            Gemm.matmulTransA(at, b.rows(0, k), c3, false, three);
            assertSameBits(c1, c2);
            assertSameBits(c1, c3);
            Gemm.matmulTransB(a, bt, c1);
            Gemm.matmulTransB(a, bt, c2, two);
            Gemm.matmulTransB(a, bt, c3, three);
            assertSameBits(c1, c2);
            assertSameBits(c1, c3);
        }
    }

    /**
     * The fused layer forward gives the bits of the product followed by bias and activation, on one
     * thread and pipelined over two and three (each finished tile then activated by whichever thread
     * claims it), with and without a bias, into a separate output and in place.
     */
    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @MethodSource("parallelShapes")
    void theFusedLayerForwardIsTheProductThenBiasAndActivation(DType dtype, int m, int n, int k) {
        Rng rng = Rng.seeded(29);
        Matrix x = random(dtype, m, k, rng), w = random(dtype, k, n, rng), bias = random(dtype, 1, n, rng);
        Matrix z = Matrix.zeros(dtype, m, n), a = Matrix.zeros(dtype, m, n);
        Gemm.matmul(x, w, z);
        Elementwise.biasActivate(z, bias, Nonlinearity.SIGMOID, 0, a, Compute.SERIAL);
        try (Compute two = Compute.threads(2); Compute three = Compute.threads(3)) {
            for (Compute compute : new Compute[] {Compute.SERIAL, two, three}) {
                Matrix z2 = Matrix.zeros(dtype, m, n), a2 = Matrix.zeros(dtype, m, n);
                Gemm.matmulBiasActivate(x, w, z2, bias, Nonlinearity.SIGMOID, 0, a2, compute);
                assertSameBits(z, z2);
                assertSameBits(a, a2);
                Matrix inPlace = Matrix.zeros(dtype, m, n), expected = Matrix.zeros(dtype, m, n);
                Gemm.matmul(x, w, expected);
                Elementwise.biasActivate(expected, null, Nonlinearity.LEAKY_RELU, 0.1, expected, Compute.SERIAL);
                Gemm.matmulBiasActivate(x, w, inPlace, null, Nonlinearity.LEAKY_RELU, 0.1, inPlace, compute);
                assertSameBits(expected, inPlace);
            }
        }
    }

    @Test
    void theFusedLayerForwardNamesABiasOfTheWrongShape() {
        Matrix x = Matrix.zeros(DType.FLOAT32, 4, 3), w = Matrix.zeros(DType.FLOAT32, 3, 5);
        Matrix z = Matrix.zeros(DType.FLOAT32, 4, 5);
        ShapeException e = org.junit.jupiter.api.Assertions.assertThrows(ShapeException.class,
                () -> Gemm.matmulBiasActivate(x, w, z, Matrix.zeros(DType.FLOAT32, 1, 4), Nonlinearity.RELU, 0, z,
                        Compute.SERIAL));
        assertTrue(e.getMessage().contains("row vector"), e.getMessage());
    }

    static Stream<Arguments> parallelShapes() {
        List<Arguments> out = new ArrayList<>();
        for (DType dtype : DType.values()) {
            out.add(Arguments.of(dtype, 32, 64, 784));
            out.add(Arguments.of(dtype, 784, 10, 500));
            out.add(Arguments.of(dtype, 300, 300, 300));
            out.add(Arguments.of(dtype, 1, 2000, 700));
            // Pipelined along the inner index (X·W with a narrow W): several inner blocks per part,
            // a ragged last row tile, and an inner length no thread count divides.
            out.add(Arguments.of(dtype, 200, 64, 1500));
            out.add(Arguments.of(dtype, 37, 128, 300));   // 1.4 M multiply-adds: above the split threshold
            // W read in place by the pipelined forward: the widest stride, and rows in a partial
            // tile with an inner length three threads pipeline.
            out.add(Arguments.of(dtype, 45, 256, 800));
            out.add(Arguments.of(dtype, 61, 64, 900));
            // Large enough for the shared packed B with row chunks on 2 and 3 threads: a narrow last
            // panel, and an inner length that packs the strided A of Aᵀ·B.
            out.add(Arguments.of(dtype, 800, 100, 420));
            // Small enough for row chunks with B packed by each thread.
            out.add(Arguments.of(dtype, 784, 64, 128));
        }
        return out.stream();
    }

    @Test
    void oneThreadIsTheSharedSerialContextAndAClosedContextStillComputes() {
        assertTrue(Compute.threads(1) == Compute.SERIAL);
        Rng rng = Rng.seeded(3);
        Matrix a = random(DType.FLOAT32, 64, 700, rng), b = random(DType.FLOAT32, 700, 64, rng);
        Matrix expected = Matrix.zeros(DType.FLOAT32, 64, 64), actual = Matrix.zeros(DType.FLOAT32, 64, 64);
        Gemm.matmul(a, b, expected);
        Compute two = Compute.threads(2);
        assertEquals(2, two.threads());
        two.close();
        Gemm.matmul(a, b, actual, two);
        assertSameBits(expected, actual);
    }

    private static void assertSameBits(Matrix expected, Matrix actual) {
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray());
    }

    /** Strides of A(i, p), B(p, j) for the three products, with {@code pad} elements before each. */
    private record Strided(int aRs, int aCs, int bRs, int bCs, int aLength, int bLength, int cLength) {
        static Strided of(String kind, int m, int n, int k, int pad) {
            int len = m * n + pad;
            return switch (kind) {
                case "AB" -> new Strided(k, 1, n, 1, m * k + pad, k * n + pad, len);
                case "AtB" -> new Strided(1, m, n, 1, k * m + pad, k * n + pad, len);
                case "ABt" -> new Strided(k, 1, 1, k, m * k + pad, n * k + pad, len);
                default -> throw new IllegalArgumentException(kind);
            };
        }
    }

    private static Matrix random(DType dtype, int rows, int cols, Rng rng) {
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, rng.nextUniform(-1, 1));
        }
        return m;
    }

    private static float[] randomFloats(int n, Rng rng) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextUniform(-1, 1);
        }
        return v;
    }

    private static double[] randomDoubles(int n, Rng rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextUniform(-1, 1);
        }
        return v;
    }
}
