package dev.backprop.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twins of the float64 element-wise kernels in {@link Elementwise} and
 * {@link UpdateKernels}: the same operations in the same order on each lane, so the results are
 * bit-identical to the scalar loops. The float64 activations themselves stay scalar
 * ({@code Math.exp}, {@code StrictMath.tanh}), as the golden PyTorch trajectories are reproduced there.
 */
final class VectorElementwiseDouble {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = D.length();

    private VectorElementwiseDouble() {
    }

    static void axpy(double a, double[] x, int xo, double[] y, int yo, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += L) {
            DoubleVector yv = DoubleVector.fromArray(D, y, yo + i);
            yv.add(DoubleVector.fromArray(D, x, xo + i).mul(a)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    static void momentum(double[] w, int wo, double[] g, int go, double[] v, int vo, int n, double lr, double mu,
                         boolean nesterov) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += L) {
            DoubleVector gi = DoubleVector.fromArray(D, g, go + i);
            DoubleVector vi = DoubleVector.fromArray(D, v, vo + i).mul(mu).add(gi);
            vi.intoArray(v, vo + i);
            DoubleVector step = nesterov ? gi.add(vi.mul(mu)) : vi;
            DoubleVector.fromArray(D, w, wo + i).sub(step.mul(lr)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            double gi = g[go + i];
            double vi = mu * v[vo + i] + gi;
            v[vo + i] = vi;
            w[wo + i] -= lr * (nesterov ? gi + mu * vi : vi);
        }
    }

    static void adam(double[] w, int wo, double[] g, int go, double[] m, int mo, double[] v, int vo, int n,
                     double beta1, double beta2, double stepSize, double corr, double eps) {
        double c1 = 1.0 - beta1, c2 = 1.0 - beta2;
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += L) {
            DoubleVector gi = DoubleVector.fromArray(D, g, go + i);
            DoubleVector mi = DoubleVector.fromArray(D, m, mo + i).mul(beta1).add(gi.mul(c1));
            DoubleVector vi = DoubleVector.fromArray(D, v, vo + i).mul(beta2).add(gi.mul(c2).mul(gi));
            mi.intoArray(m, mo + i);
            vi.intoArray(v, vo + i);
            DoubleVector denom = vi.lanewise(VectorOperators.SQRT).div(corr).add(eps);
            DoubleVector.fromArray(D, w, wo + i).add(mi.div(denom).mul(-stepSize)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            double gi = g[go + i];
            double mi = m[mo + i] * beta1 + gi * c1;
            double vi = v[vo + i] * beta2 + c2 * gi * gi;
            m[mo + i] = mi;
            v[vo + i] = vi;
            double denom = Math.sqrt(vi) / corr + eps;
            w[wo + i] += -stepSize * (mi / denom);
        }
    }

    static void addRowVector(double[] m, int mo, int rows, int cols, double[] r, int ro) {
        for (int row = 0; row < rows; row++) {
            int base = mo + row * cols;
            int j = 0;
            for (int bound = D.loopBound(cols); j < bound; j += L) {
                DoubleVector.fromArray(D, m, base + j).add(DoubleVector.fromArray(D, r, ro + j)).intoArray(m, base + j);
            }
            for (; j < cols; j++) {
                m[base + j] += r[ro + j];
            }
        }
    }

    static void sumColumns(double[] m, int mo, int rows, int cols, double[] o, int oo) {
        for (int row = 0; row < rows; row++) {
            int base = mo + row * cols;
            int j = 0;
            for (int bound = D.loopBound(cols); j < bound; j += L) {
                DoubleVector.fromArray(D, o, oo + j).add(DoubleVector.fromArray(D, m, base + j)).intoArray(o, oo + j);
            }
            for (; j < cols; j++) {
                o[oo + j] += m[base + j];
            }
        }
    }

    static void activationGradient(Nonlinearity f, double slope, double[] z, int zo, double[] a, int ao,
                                   double[] g, int go, double[] out, int oo, int n) {
        // One loop per function: a vector chosen by a branch inside the loop would be boxed. ReLU's
        // comparison stays scalar for the same reason (its masks are boxed on some JDKs).
        int i = switch (f) {
            case SIGMOID -> sigmoidGradient(a, ao, g, go, out, oo, n);
            case TANH -> tanhGradient(a, ao, g, go, out, oo, n);
            case IMPROVED_SIGMOID -> improvedSigmoidGradient(a, ao, g, go, out, oo, n);
            default -> 0;
        };
        for (; i < n; i++) {
            out[oo + i] = g[go + i] * f.derivative(z[zo + i], a[ao + i], slope);
        }
    }

    private static int sigmoidGradient(double[] a, int ao, double[] g, int go, double[] out, int oo, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += L) {
            DoubleVector y = DoubleVector.fromArray(D, a, ao + i);
            DoubleVector.fromArray(D, g, go + i).mul(y.mul(y.neg().add(1.0))).intoArray(out, oo + i);
        }
        return i;
    }

    private static int tanhGradient(double[] a, int ao, double[] g, int go, double[] out, int oo, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += L) {
            DoubleVector y = DoubleVector.fromArray(D, a, ao + i);
            DoubleVector.fromArray(D, g, go + i).mul(y.mul(y).neg().add(1.0)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int improvedSigmoidGradient(double[] a, int ao, double[] g, int go, double[] out, int oo, int n) {
        int i = 0;
        double s = Nonlinearity.IMPROVED_SIGMOID_SCALE;
        for (int bound = D.loopBound(n); i < bound; i += L) {
            DoubleVector y = DoubleVector.fromArray(D, a, ao + i);
            DoubleVector d = y.mul(y).div(s).neg().add(s).mul(2.0 / 3.0);
            DoubleVector.fromArray(D, g, go + i).mul(d).intoArray(out, oo + i);
        }
        return i;
    }
}
