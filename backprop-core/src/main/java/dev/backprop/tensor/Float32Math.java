package dev.backprop.tensor;

/**
 * The float32 activations' transcendental functions, computed in float64 with an exponential of our
 * own: only IEEE-exact operations (add, multiply, fused multiply-add, divide, bit moves), so the
 * scalar code here and its Vector API twin in {@link VectorElementwiseFloat} give the same bits on
 * every JDK, where {@code Math.exp} is a JIT intrinsic whose vector form differs in the last bits.
 *
 * <p>Accuracy: {@link #exp} is within a few float64 ulps (a degree-13 Taylor polynomial on
 * |r| ≤ ln2/2 after Cody–Waite reduction), so the float32 results are the correctly rounded values
 * except in rare ties. The float64 activations keep {@code Math.exp} and {@code StrictMath.tanh}.
 */
final class Float32Math {

    static final double LOG2E = 1.4426950408889634;
    /** ln 2 split so that n·LN2_HI is exact for |n| &lt; 2^11. */
    static final double LN2_HI = 0.6931471803691238;
    static final double LN2_LO = 1.9082149292705877e-10;
    /** Adding and subtracting 1.5·2^52 rounds a double of magnitude below 2^51 to an integer. */
    static final double SHIFTER = 0x1.8p52;
    static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
    /** exp is evaluated on [MIN_ARG, MAX_ARG]: far beyond what rounds to a nonzero finite float32. */
    static final double MIN_ARG = -700.0;
    static final double MAX_ARG = 700.0;
    /** 1/k! for k = 13 down to 2. */
    static final double[] TAYLOR = {
        1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0,
        1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5,
    };

    private Float32Math() {
    }

    /** e^x for x clamped to [MIN_ARG, MAX_ARG]. */
    static double exp(double x) {
        x = Math.min(Math.max(x, MIN_ARG), MAX_ARG);
        double shifted = Math.fma(x, LOG2E, SHIFTER);
        double n = shifted - SHIFTER;
        double r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        return Math.fma(series(r), r, 1.0) * twoTo(shifted);
    }

    /**
     * e^x - 1 for x clamped to [MIN_ARG, MAX_ARG], accurate near 0: with x = n·ln2 + r it is
     * {@code 2^n·(e^r - 1) + (2^n - 1)}, and for n = 0 just the series {@code e^r - 1}.
     */
    static double expm1(double x) {
        x = Math.min(Math.max(x, MIN_ARG), MAX_ARG);
        double shifted = Math.fma(x, LOG2E, SHIFTER);
        double n = shifted - SHIFTER;
        double r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        double scale = twoTo(shifted);
        return Math.fma(scale, series(r) * r, scale - 1.0);
    }

    /** (e^r - 1) / r = 1 + r/2! + r²/3! + ... + r^12/13!, by Horner's rule with fused multiply-adds. */
    private static double series(double r) {
        double p = TAYLOR[0];
        for (int i = 1; i < TAYLOR.length; i++) {
            p = Math.fma(p, r, TAYLOR[i]);
        }
        return Math.fma(p, r, 1.0);
    }

    /** 2^n from {@code shifted = n + 1.5·2^52}: n is in the low bits. */
    private static double twoTo(double shifted) {
        return Double.longBitsToDouble((Double.doubleToRawLongBits(shifted) - SHIFTER_BITS + 1023) << 52);
    }

    /** 1 / (1 + e^-x), rounded to float32. */
    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + exp(-(double) x)));
    }

    /**
     * tanh(x) in float64 as {@code |e| / (e + 2)} with {@code e = expm1(-2|x|)}, sign restored: no
     * cancellation for small x, exactly ±1 in float32 for large.
     */
    static double tanh(double x) {
        double em = expm1(-2.0 * Math.abs(x));
        double t = Math.abs(em) / (em + 2.0);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(t)
                | (Double.doubleToRawLongBits(x) & Long.MIN_VALUE));
    }

    /** Leaky ReLU without a branch: max(x, s·x) for slopes up to 1, min(x, s·x) above. */
    static float leakyRelu(float x, float slope) {
        return slope <= 1f ? Math.max(x, slope * x) : Math.min(x, slope * x);
    }

    /**
     * f(x) of {@code f} for float32, the way the float32 kernels compute it. ReLU is
     * {@code max(x, 0)}, which keeps a NaN (so divergence shows) where the float64 form gives 0.
     */
    static float apply(Nonlinearity f, float x, float slope) {
        switch (f) {
            case IDENTITY: return x;
            case SIGMOID: return sigmoid(x);
            case IMPROVED_SIGMOID:
                return (float) (Nonlinearity.IMPROVED_SIGMOID_SCALE * tanh(2.0 * x / 3.0));
            case TANH: return (float) tanh(x);
            case RELU: return Math.max(x, 0f);
            case LEAKY_RELU: return leakyRelu(x, slope);
            default: throw new AssertionError(f);
        }
    }

    /** {@code g · f'(x)} for float32, from the input x and output y, in float32 arithmetic. */
    static float gradient(Nonlinearity f, float x, float y, float g, float slope) {
        switch (f) {
            case IDENTITY: return g;
            case SIGMOID: return g * (y * (1f - y));
            case IMPROVED_SIGMOID: return g * (IMPROVED_SLOPE * (IMPROVED_SCALE - y * y / IMPROVED_SCALE));
            case TANH: return g * (1f - y * y);
            case RELU: return x > 0 ? g : 0f;
            case LEAKY_RELU: return x > 0 ? g : g * slope;
            default: throw new AssertionError(f);
        }
    }

    static final float IMPROVED_SCALE = (float) Nonlinearity.IMPROVED_SIGMOID_SCALE;
    static final float IMPROVED_SLOPE = (float) (2.0 / 3.0);
}
