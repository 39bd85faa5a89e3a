package dev.backprop.tensor;

import dev.backprop.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vector API element-wise kernels against their scalar twins, bit for bit, on arrays whose
 * length is not a multiple of any vector width, at odd offsets, and with the awkward values:
 * ±0, subnormals, huge magnitudes, infinities and NaN.
 */
class ElementwiseKernelTwinTest {

    private static final int N = 203;
    private static final int OFF = 5;
    private static final float[] SPECIAL = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, -1e-30f, 1e-8f,
        -3e-4f, 1f, -1f, 20f, -20f, 88f, -104f, 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};

    private static float[] inputs(long seed) {
        Rng rng = Rng.seeded(seed);
        float[] v = new float[N + OFF];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < SPECIAL.length ? SPECIAL[i] : (float) (rng.nextGaussian() * (i % 3 == 0 ? 10 : 1));
        }
        return v;
    }

    private static double[] doubles(long seed) {
        Rng rng = Rng.seeded(seed);
        double[] v = new double[N + OFF];
        for (int i = 0; i < v.length; i++) {
            v[i] = i < SPECIAL.length ? SPECIAL[i] : rng.nextGaussian() * (i % 3 == 0 ? 10 : 1);
        }
        return v;
    }

    @ParameterizedTest
    @EnumSource(Nonlinearity.class)
    void float32ActivationsMatch(Nonlinearity f) {
        float[] z = inputs(1);
        float[] vector = new float[N + OFF], scalar = new float[N + OFF];
        VectorElementwiseFloat.activate(f, 0.1f, z, OFF, vector, OFF, N);
        for (int i = 0; i < N; i++) {
            scalar[OFF + i] = Float32Math.apply(f, z[OFF + i], 0.1f);
        }
        assertArrayEquals(scalar, vector, f.name());
    }

    /** The softmax cross-entropy's exponentials, with shifts that push the arguments past the clamps. */
    @Test
    void float32ShiftedExponentialsMatch() {
        double[] x = doubles(6), shift = doubles(7);
        for (int i = 0; i < 8; i++) {
            shift[i] = new double[] {0, -800, 800, Double.NEGATIVE_INFINITY, Double.NaN, 1e-300, -0.0, 700}[i];
        }
        double[] vector = new double[x.length];
        int done = VectorElementwiseFloat.expShifted(x, shift, vector, x.length);
        for (int i = 0; i < x.length; i++) {
            double expected = Float32Math.exp(x[i] - shift[i]);
            if (i >= done) {
                vector[i] = expected;   // the caller's scalar tail
            }
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(vector[i]),
                    "exp(" + x[i] + " - " + shift[i] + ")");
        }
        assertTrue(done > x.length - 8 && done <= x.length, "all but a tail shorter than a vector: " + done);
    }

    @ParameterizedTest
    @EnumSource(Nonlinearity.class)
    void float32GradientsMatch(Nonlinearity f) {
        for (float slope : new float[] {0.01f, 2.5f}) {
            float[] z = inputs(2), g = inputs(3);
            float[] a = new float[N + OFF];
            for (int i = 0; i < a.length; i++) {
                a[i] = Float32Math.apply(f, z[i], slope);
            }
            float[] vector = new float[N + OFF], scalar = new float[N + OFF];
            VectorElementwiseFloat.activationGradient(f, slope, z, OFF, a, OFF, g, OFF, vector, OFF, N);
            for (int i = 0; i < N; i++) {
                scalar[OFF + i] = Float32Math.gradient(f, z[OFF + i], a[OFF + i], g[OFF + i], slope);
            }
            assertArrayEquals(scalar, vector, f + " slope " + slope);
        }
    }

    @ParameterizedTest
    @EnumSource(Nonlinearity.class)
    void float64GradientsMatch(Nonlinearity f) {
        double[] z = doubles(4), g = doubles(5);
        double[] a = new double[N + OFF];
        for (int i = 0; i < a.length; i++) {
            a[i] = f.apply(z[i], 0.02);
        }
        double[] vector = new double[N + OFF], scalar = new double[N + OFF];
        VectorElementwiseDouble.activationGradient(f, 0.02, z, OFF, a, OFF, g, OFF, vector, OFF, N);
        for (int i = 0; i < N; i++) {
            scalar[OFF + i] = g[OFF + i] * f.derivative(z[OFF + i], a[OFF + i], 0.02);
        }
        assertArrayEquals(scalar, vector, f.name());
    }

    @Test
    void updatesMatchInFloat32() {
        for (boolean nesterov : new boolean[] {false, true}) {
            float[] w1 = inputs(6), v1 = inputs(7), g = inputs(8);
            float[] w2 = w1.clone(), v2 = v1.clone();
            VectorElementwiseFloat.momentum(w1, OFF, g, OFF, v1, OFF, N, 0.05f, 0.9f, nesterov);
            for (int i = OFF; i < OFF + N; i++) {
                float vi = 0.9f * v2[i] + g[i];
                v2[i] = vi;
                w2[i] -= 0.05f * (nesterov ? g[i] + 0.9f * vi : vi);
            }
            assertArrayEquals(w2, w1);
            assertArrayEquals(v2, v1);
        }
        float[] w1 = inputs(9), m1 = inputs(10), g = inputs(11);
        float[] v1 = new float[N + OFF];
        for (int i = 0; i < v1.length; i++) {
            v1[i] = Math.abs(m1[i]);
        }
        float[] w2 = w1.clone(), m2 = m1.clone(), v2 = v1.clone();
        VectorElementwiseFloat.adam(w1, OFF, g, OFF, m1, OFF, v1, OFF, N, 0.9f, 0.999f, 0.1f, 0.001f, 0.01f, 0.3f, 1e-8f);
        for (int i = OFF; i < OFF + N; i++) {
            float mi = m2[i] * 0.9f + g[i] * 0.1f;
            float vi = v2[i] * 0.999f + 0.001f * g[i] * g[i];
            m2[i] = mi;
            v2[i] = vi;
            w2[i] += -0.01f * (mi / ((float) Math.sqrt(vi) / 0.3f + 1e-8f));
        }
        assertArrayEquals(w2, w1);
        assertArrayEquals(m2, m1);
        assertArrayEquals(v2, v1);
        float[] y1 = inputs(12), x = inputs(13);
        float[] y2 = y1.clone();
        VectorElementwiseFloat.axpy(-0.3f, x, OFF, y1, OFF, N);
        for (int i = OFF; i < OFF + N; i++) {
            y2[i] += -0.3f * x[i];
        }
        assertArrayEquals(y2, y1);
    }

    @Test
    void updatesMatchInFloat64() {
        for (boolean nesterov : new boolean[] {false, true}) {
            double[] w1 = doubles(6), v1 = doubles(7), g = doubles(8);
            double[] w2 = w1.clone(), v2 = v1.clone();
            VectorElementwiseDouble.momentum(w1, OFF, g, OFF, v1, OFF, N, 0.05, 0.9, nesterov);
            for (int i = OFF; i < OFF + N; i++) {
                double vi = 0.9 * v2[i] + g[i];
                v2[i] = vi;
                w2[i] -= 0.05 * (nesterov ? g[i] + 0.9 * vi : vi);
            }
            assertArrayEquals(w2, w1);
            assertArrayEquals(v2, v1);
        }
        double[] w1 = doubles(9), m1 = doubles(10), g = doubles(11);
        double[] v1 = new double[N + OFF];
        for (int i = 0; i < v1.length; i++) {
            v1[i] = Math.abs(m1[i]);
        }
        double[] w2 = w1.clone(), m2 = m1.clone(), v2 = v1.clone();
        VectorElementwiseDouble.adam(w1, OFF, g, OFF, m1, OFF, v1, OFF, N, 0.9, 0.999, 0.01, 0.3, 1e-8);
        for (int i = OFF; i < OFF + N; i++) {
            double mi = m2[i] * 0.9 + g[i] * (1.0 - 0.9);
            double vi = v2[i] * 0.999 + (1.0 - 0.999) * g[i] * g[i];
            m2[i] = mi;
            v2[i] = vi;
            w2[i] += -0.01 * (mi / (Math.sqrt(vi) / 0.3 + 1e-8));
        }
        assertArrayEquals(w2, w1);
        assertArrayEquals(m2, m1);
        assertArrayEquals(v2, v1);
    }

    @Test
    void rowAndColumnKernelsMatch() {
        int rows = 7, cols = 29;
        float[] m1 = inputs(14), r = inputs(15);
        float[] m2 = m1.clone();
        VectorElementwiseFloat.addRowVector(m1, 1, rows, cols, r, 3);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m2[1 + i * cols + j] += r[3 + j];
            }
        }
        assertArrayEquals(m2, m1);
        float[] o1 = inputs(16);
        float[] o2 = o1.clone();
        VectorElementwiseFloat.sumColumns(m1, 1, rows, cols, o1, 2);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                o2[2 + j] += m1[1 + i * cols + j];
            }
        }
        assertArrayEquals(o2, o1);
        double[] d1 = doubles(17), dr = doubles(18);
        double[] d2 = d1.clone();
        VectorElementwiseDouble.addRowVector(d1, 1, rows, cols, dr, 3);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                d2[1 + i * cols + j] += dr[3 + j];
            }
        }
        assertArrayEquals(d2, d1);
        double[] s1 = doubles(19);
        double[] s2 = s1.clone();
        VectorElementwiseDouble.sumColumns(d1, 1, rows, cols, s1, 2);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                s2[2 + j] += d1[1 + i * cols + j];
            }
        }
        assertArrayEquals(s2, s1);
    }

    @Test
    void kernelPathIsReported() {
        assertEquals(Kernels.vectorized(), Kernels.description().startsWith("vector"));
    }
}
