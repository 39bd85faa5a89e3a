package dev.backprop.random;

import java.util.function.DoubleUnaryOperator;

/**
 * Marsaglia's polar method (Marsaglia &amp; Bray, 1964) with one cached deviate: draw
 * {@code (x1, x2)} uniform in {@code [-1, 1)^2} until {@code 0 < r2 = x1^2 + x2^2 < 1}; then
 * {@code f = sqrt(-2 ln(r2) / r2)}, and {@code f*x1}, {@code f*x2} are independent standard normals.
 * A call returns {@code f*x2} and keeps {@code f*x1} for the next one, the order NumPy's legacy
 * {@code legacy_gauss} uses. The generators differ only in the logarithm they pass.
 */
final class PolarGaussian {

    private final DoubleUnaryOperator log;
    private boolean hasSpare;
    private double spare;

    /** @param log the natural logarithm to use (its last bits decide the deviates' last bits) */
    PolarGaussian(DoubleUnaryOperator log) {
        this.log = log;
    }

    /** The next standard normal deviate, drawing uniforms from {@code source.nextDouble()}. */
    double next(Rng source) {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * source.nextDouble() - 1.0;
            x2 = 2.0 * source.nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = StrictMath.sqrt(-2.0 * log.applyAsDouble(r2) / r2);
        spare = f * x1;
        hasSpare = true;
        return f * x2;
    }
}
