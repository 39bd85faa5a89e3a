package dev.backprop.tensor;

import dev.backprop.random.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accuracy of the float32 activations' own exponential against StrictMath (fdlibm). */
class Float32MathTest {

    @Test
    void expAndExpm1AreWithinAFewFloat64Ulps() {
        Rng rng = Rng.seeded(1);
        double worstExp = 0, worstExpm1 = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = i % 2 == 0 ? rng.nextUniform(-700, 700) : rng.nextUniform(-1, 1) * Math.pow(10, -rng.nextInt(12));
            worstExp = Math.max(worstExp, Math.abs(Float32Math.exp(x) - StrictMath.exp(x)) / Math.ulp(StrictMath.exp(x)));
            double e = StrictMath.expm1(x);
            if (e != 0) {
                worstExpm1 = Math.max(worstExpm1, Math.abs(Float32Math.expm1(x) - e) / Math.ulp(e));
            }
        }
        assertTrue(worstExp <= 4, "exp off by " + worstExp + " ulp");
        assertTrue(worstExpm1 <= 8, "expm1 off by " + worstExpm1 + " ulp");
        assertEquals(1.0, Float32Math.exp(0.0));
        assertEquals(0.0, Float32Math.expm1(0.0));
    }

    @Test
    void float32ActivationsAreCorrectlyRoundedButForRareTies() {
        Rng rng = Rng.seeded(2);
        int off = 0, n = 300_000;
        for (int i = 0; i < n; i++) {
            float x = (float) (rng.nextGaussian() * (i % 4 == 0 ? 30 : 3));
            if (i % 5 == 0) {
                x = (float) (x * 1e-6);
            }
            float sigmoid = (float) (1.0 / (1.0 + StrictMath.exp(-(double) x)));
            float tanh = (float) StrictMath.tanh(x);
            float improved = (float) (Nonlinearity.IMPROVED_SIGMOID_SCALE * StrictMath.tanh(2.0 * x / 3.0));
            off += ulps(Float32Math.sigmoid(x), sigmoid) + ulps((float) Float32Math.tanh(x), tanh)
                    + ulps(Float32Math.apply(Nonlinearity.IMPROVED_SIGMOID, x, 0f), improved);
        }
        assertTrue(off < n * 3 / 10_000, off + " of " + 3 * n + " results differ from the correctly rounded value");
    }

    @Test
    void edgeValues() {
        assertEquals(0.5f, Float32Math.sigmoid(0f));
        assertEquals(1f, Float32Math.sigmoid(1e30f));
        assertEquals(0f, Float32Math.sigmoid(-1e30f));
        assertEquals(1.0, Float32Math.tanh(1e30));
        assertEquals(-1.0, Float32Math.tanh(-1e30));
        assertEquals(0.0, Float32Math.tanh(0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Float32Math.tanh(-0.0)));
        assertEquals(1e-30, Float32Math.tanh(1e-30), 1e-45);
        assertTrue(Float.isNaN(Float32Math.sigmoid(Float.NaN)));
        assertTrue(Float.isNaN(Float32Math.apply(Nonlinearity.RELU, Float.NaN, 0f)), "ReLU keeps a NaN visible");
        assertEquals(-0.25f, Float32Math.apply(Nonlinearity.LEAKY_RELU, -1f, 0.25f));
        assertEquals(-2.5f, Float32Math.apply(Nonlinearity.LEAKY_RELU, -1f, 2.5f));
        assertEquals(3f, Float32Math.apply(Nonlinearity.LEAKY_RELU, 3f, 2.5f));
    }

    private static int ulps(float a, float b) {
        return a == b ? 0 : 1;
    }
}
