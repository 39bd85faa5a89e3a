package dev.backprop.tensor;

/**
 * Fused parameter-update kernels for the optimisers, each one pass over the parameter, its gradient
 * and its state. The formulas follow PyTorch's {@code torch.optim} (1.13) element by element, so that
 * float64 training reproduces PyTorch runs step by step.
 */
public final class UpdateKernels {

    private UpdateKernels() {
    }

    /** {@code w -= lr · g}. */
    public static void sgd(Matrix w, Matrix g, double lr) {
        Shapes.requireSame("parameter", w, "gradient", g);
        Elementwise.axpy(-lr, g, w);
    }

    /**
     * Heavy-ball momentum as PyTorch writes it: {@code v = μ·v + g}, then {@code w -= lr·v}, or with
     * Nesterov {@code w -= lr·(g + μ·v)}.
     */
    public static void momentum(Matrix w, Matrix g, Matrix v, double lr, double mu, boolean nesterov) {
        Shapes.requireSame("parameter", w, "gradient", g);
        Shapes.requireSame("parameter", w, "velocity", v);
        int n = w.size();
        if (w instanceof DoubleMatrix wd) {
            DoubleMatrix gd = (DoubleMatrix) g, vd = (DoubleMatrix) v;
            if (Kernels.VECTOR) {
                VectorElementwiseDouble.momentum(wd.data, wd.offset, gd.data, gd.offset, vd.data, vd.offset, n, lr, mu,
                        nesterov);
                return;
            }
            for (int i = 0; i < n; i++) {
                double gi = gd.data[gd.offset + i];
                double vi = mu * vd.data[vd.offset + i] + gi;
                vd.data[vd.offset + i] = vi;
                wd.data[wd.offset + i] -= lr * (nesterov ? gi + mu * vi : vi);
            }
        } else {
            FloatMatrix wf = (FloatMatrix) w, gf = (FloatMatrix) g, vf = (FloatMatrix) v;
            float lrf = (float) lr, muf = (float) mu;
            if (Kernels.VECTOR) {
                VectorElementwiseFloat.momentum(wf.data, wf.offset, gf.data, gf.offset, vf.data, vf.offset, n, lrf, muf,
                        nesterov);
                return;
            }
            for (int i = 0; i < n; i++) {
                float gi = gf.data[gf.offset + i];
                float vi = muf * vf.data[vf.offset + i] + gi;
                vf.data[vf.offset + i] = vi;
                wf.data[wf.offset + i] -= lrf * (nesterov ? gi + muf * vi : vi);
            }
        }
    }

    /**
     * Adam (Kingma &amp; Ba, 2015) with bias correction, as PyTorch computes it:
     * {@code m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²;
     * w -= (lr / (1-β1^t)) · m / (sqrt(v) / sqrt(1-β2^t) + eps)}.
     *
     * @param step the 1-based step count t
     */
    public static void adam(Matrix w, Matrix g, Matrix m, Matrix v, double lr, double beta1, double beta2,
                            double eps, long step) {
        Shapes.requireSame("parameter", w, "gradient", g);
        Shapes.requireSame("parameter", w, "first moment", m);
        Shapes.requireSame("parameter", w, "second moment", v);
        double stepSize = lr / (1.0 - Math.pow(beta1, step));
        double correction2Sqrt = Math.sqrt(1.0 - Math.pow(beta2, step));
        int n = w.size();
        if (w instanceof DoubleMatrix wd) {
            DoubleMatrix gd = (DoubleMatrix) g, md = (DoubleMatrix) m, vd = (DoubleMatrix) v;
            if (Kernels.VECTOR) {
                VectorElementwiseDouble.adam(wd.data, wd.offset, gd.data, gd.offset, md.data, md.offset, vd.data,
                        vd.offset, n, beta1, beta2, stepSize, correction2Sqrt, eps);
                return;
            }
            for (int i = 0; i < n; i++) {
                double gi = gd.data[gd.offset + i];
                double mi = md.data[md.offset + i] * beta1 + gi * (1.0 - beta1);
                double vi = vd.data[vd.offset + i] * beta2 + (1.0 - beta2) * gi * gi;
                md.data[md.offset + i] = mi;
                vd.data[vd.offset + i] = vi;
                double denom = Math.sqrt(vi) / correction2Sqrt + eps;
                wd.data[wd.offset + i] += -stepSize * (mi / denom);
            }
        } else {
            FloatMatrix wf = (FloatMatrix) w, gf = (FloatMatrix) g, mf = (FloatMatrix) m, vf = (FloatMatrix) v;
            float b1 = (float) beta1, b2 = (float) beta2, c1 = (float) (1.0 - beta1), c2 = (float) (1.0 - beta2);
            float stepF = (float) stepSize, corrF = (float) correction2Sqrt, epsF = (float) eps;
            if (Kernels.VECTOR) {
                VectorElementwiseFloat.adam(wf.data, wf.offset, gf.data, gf.offset, mf.data, mf.offset, vf.data, vf.offset,
                        n, b1, b2, c1, c2, stepF, corrF, epsF);
                return;
            }
            for (int i = 0; i < n; i++) {
                float gi = gf.data[gf.offset + i];
                float mi = mf.data[mf.offset + i] * b1 + gi * c1;
                float vi = vf.data[vf.offset + i] * b2 + c2 * gi * gi;
                mf.data[mf.offset + i] = mi;
                vf.data[vf.offset + i] = vi;
                float denom = (float) Math.sqrt(vi) / corrF + epsF;
                wf.data[wf.offset + i] += -stepF * (mi / denom);
            }
        }
    }
}
