package dev.backprop.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CorrectlyRoundedLogTest {

    /**
     * 30,000 inputs: positive finite doubles with uniformly random bit patterns (every binade,
     * subnormals included), uniforms in (0, 1) like the polar method's r2, and values within 2^-20 of 1.
     */
    static double[] inputs() {
        Rng rng = Rng.seeded(20240611);
        double[] x = new double[30_000];
        int i = 0;
        while (i < 10_000) {
            double v = Double.longBitsToDouble(rng.nextLong() >>> 1);
            if (v > 0.0 && Double.isFinite(v)) {
                x[i++] = v;
            }
        }
        while (i < 20_000) {
            double v = rng.nextDouble();
            if (v > 0.0) {
                x[i++] = v;
            }
        }
        while (i < 30_000) {
            x[i++] = 1.0 + (rng.nextDouble() - 0.5) * 0x1.0p-20;
        }
        return x;
    }

    @Test
    @DisplayName("30,000 results equal Python's 50-digit decimal ln() rounded to double (SHA-256)")
    void matchesCorrectlyRoundedReference() {
        double[] x = inputs();
        double[] y = new double[x.length];
        int strictDiffers = 0;
        for (int i = 0; i < x.length; i++) {
            y[i] = CorrectlyRoundedLog.log(x[i]);
            if (StrictMath.log(x[i]) != y[i]) {
                strictDiffers++;
            }
        }
        // Reference: float(decimal.Decimal(x).ln()) at 50 digits for each input, bytes as '<f8'.
        assertEquals("fc2c89663938419ef09dda8fb1ed1b63c14a31ba0ae2d4a9e4751111a32dbfa9", Digests.sha256(y));
        // The reason this class exists: fdlibm's log is only faithful (757 of these 30,000 differ).
        assertTrue(strictDiffers > 500, "StrictMath.log differed only " + strictDiffers + " times");
    }

    @Test
    @DisplayName("the double-double fast path agrees with the 90-digit BigDecimal path")
    void fastPathAgreesWithSlowPath() {
        double[] x = inputs();
        for (int i = 0; i < x.length; i += 10) {
            assertEquals(CorrectlyRoundedLog.logSlow(x[i]), CorrectlyRoundedLog.log(x[i]), 0.0, "x=" + x[i]);
        }
    }

    @Test
    @DisplayName("special values")
    void specialValues() {
        assertEquals(0.0, CorrectlyRoundedLog.log(1.0), 0.0);
        assertEquals(0x1.62e42fefa39efp-1, CorrectlyRoundedLog.log(2.0), 0.0);
        assertEquals(-0x1.62e42fefa39efp-1, CorrectlyRoundedLog.log(0.5), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, CorrectlyRoundedLog.log(0.0), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, CorrectlyRoundedLog.log(-0.0), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, CorrectlyRoundedLog.log(Double.POSITIVE_INFINITY), 0.0);
        assertTrue(Double.isNaN(CorrectlyRoundedLog.log(-1.0)));
        assertTrue(Double.isNaN(CorrectlyRoundedLog.log(Double.NaN)));
        assertEquals(-0x1.74385446d71c3p9, CorrectlyRoundedLog.log(Double.MIN_VALUE), 0.0);
        assertEquals(0x1.62e42fefa39efp9, CorrectlyRoundedLog.log(Double.MAX_VALUE), 0.0);
    }
}
