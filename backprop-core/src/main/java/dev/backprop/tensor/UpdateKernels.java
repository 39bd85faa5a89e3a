package dev.backprop.tensor;

/**
 * Fused parameter-update kernels for the optimisers, each one pass over the parameter, its gradient
 * and its state. The formulas follow PyTorch's {@code torch.optim} (1.13) element by element, so that
 * float64 training reproduces PyTorch runs step by step.
 *
 * <p>Given a {@link Compute}, a large parameter is updated by all its threads, each taking the row
 * blocks of the weight matrix whose gradient rows it computed in {@code Xᵀ·Δ} (see {@link Gemm}), so
 * the gradient is read where it was written. Every element is updated by the same formula whatever
 * the split, so the bits do not depend on the thread count.
 *
 * <pre>{@code
 * UpdateKernels.momentum(w, grad, velocity, 0.01, 0.9, false);            // calling thread
 * UpdateKernels.momentum(w, grad, velocity, 0.01, 0.9, false, compute);   // same bits, split when large
 * }</pre>
 */
public final class UpdateKernels {

    private UpdateKernels() {
    }

    /** {@code w -= lr · g}. */
    public static void sgd(Matrix w, Matrix g, double lr) {
        sgd(w, g, lr, Compute.SERIAL);
    }

    /** {@link #sgd(Matrix, Matrix, double)} on the threads of {@code compute} when {@code w} is large. */
    public static void sgd(Matrix w, Matrix g, double lr, Compute compute) {
        Shapes.requireSame("parameter", w, "gradient", g);
        Shapes.requireDType(w.dtype(), "gradient", g);
        UpdateJob job = compute.updateJob();
        if (job != null && UpdateJob.worthSplitting(w)) {
            job.sgd(w, g, lr);
            compute.runOnAll(job);
        } else {
            sgd(w, g, lr, 0, w.size());
        }
    }

    /**
     * Heavy-ball momentum as PyTorch writes it: {@code v = μ·v + g}, then {@code w -= lr·v}, or with
     * Nesterov {@code w -= lr·(g + μ·v)}.
     */
    public static void momentum(Matrix w, Matrix g, Matrix v, double lr, double mu, boolean nesterov) {
        momentum(w, g, v, lr, mu, nesterov, Compute.SERIAL);
    }

    /** {@link #momentum(Matrix, Matrix, Matrix, double, double, boolean)} on the threads of {@code compute}. */
    public static void momentum(Matrix w, Matrix g, Matrix v, double lr, double mu, boolean nesterov,
                                Compute compute) {
        Shapes.requireSame("parameter", w, "gradient", g);
        Shapes.requireSame("parameter", w, "velocity", v);
        Shapes.requireDType(w.dtype(), "gradient", g);
        Shapes.requireDType(w.dtype(), "velocity", v);
        UpdateJob job = compute.updateJob();
        if (job != null && UpdateJob.worthSplitting(w)) {
            job.momentum(w, g, v, lr, mu, nesterov);
            compute.runOnAll(job);
        } else {
            momentum(w, g, v, lr, mu, nesterov, 0, w.size());
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
        adam(w, g, m, v, lr, beta1, beta2, eps, step, Compute.SERIAL);
    }

    /** {@link #adam(Matrix, Matrix, Matrix, Matrix, double, double, double, double, long)} on {@code compute}. */
    public static void adam(Matrix w, Matrix g, Matrix m, Matrix v, double lr, double beta1, double beta2,
                            double eps, long step, Compute compute) {
        checkAdam(w, g, m, v);
        double stepSize = lr / (1.0 - Math.pow(beta1, step));
        double correction2Sqrt = Math.sqrt(1.0 - Math.pow(beta2, step));
        UpdateJob job = compute.updateJob();
        if (job != null && UpdateJob.worthSplitting(w)) {
            job.adam(w, g, m, v, beta1, beta2, eps, stepSize, correction2Sqrt);
            compute.runOnAll(job);
        } else {
            adam(w, g, m, v, beta1, beta2, eps, stepSize, correction2Sqrt, 0, w.size());
        }
    }

    /**
     * {@link #sgd(Matrix, Matrix, double)} on rows [fromRow, toRow) only, on the calling thread: for
     * an update applied as each block of gradient rows is final ({@link RowsDone}).
     */
    public static void sgdRows(Matrix w, Matrix g, double lr, int fromRow, int toRow) {
        Shapes.requireSame("parameter", w, "gradient", g);
        Shapes.requireDType(w.dtype(), "gradient", g);
        java.util.Objects.checkFromToIndex(fromRow, toRow, w.rows());
        sgd(w, g, lr, fromRow * w.cols, toRow * w.cols);
    }

    /** {@link #momentum(Matrix, Matrix, Matrix, double, double, boolean)} on rows [fromRow, toRow) only. */
    public static void momentumRows(Matrix w, Matrix g, Matrix v, double lr, double mu, boolean nesterov,
                                    int fromRow, int toRow) {
        Shapes.requireSame("parameter", w, "gradient", g);
        Shapes.requireSame("parameter", w, "velocity", v);
        Shapes.requireDType(w.dtype(), "gradient", g);
        Shapes.requireDType(w.dtype(), "velocity", v);
        java.util.Objects.checkFromToIndex(fromRow, toRow, w.rows());
        momentum(w, g, v, lr, mu, nesterov, fromRow * w.cols, toRow * w.cols);
    }

    /**
     * {@link #adam(Matrix, Matrix, Matrix, Matrix, double, double, double, double, long)} on rows
     * [fromRow, toRow) only, with the bias corrections of step {@code step} computed as there.
     */
    public static void adamRows(Matrix w, Matrix g, Matrix m, Matrix v, double lr, double beta1, double beta2,
                                double eps, long step, int fromRow, int toRow) {
        checkAdam(w, g, m, v);
        java.util.Objects.checkFromToIndex(fromRow, toRow, w.rows());
        double stepSize = lr / (1.0 - Math.pow(beta1, step));
        double correction2Sqrt = Math.sqrt(1.0 - Math.pow(beta2, step));
        adam(w, g, m, v, beta1, beta2, eps, stepSize, correction2Sqrt, fromRow * w.cols, toRow * w.cols);
    }

    private static void checkAdam(Matrix w, Matrix g, Matrix m, Matrix v) {
        Shapes.requireSame("parameter", w, "gradient", g);
        Shapes.requireSame("parameter", w, "first moment", m);
        Shapes.requireSame("parameter", w, "second moment", v);
        Shapes.requireDType(w.dtype(), "gradient", g);
        Shapes.requireDType(w.dtype(), "first moment", m);
        Shapes.requireDType(w.dtype(), "second moment", v);
    }

    /** SGD on elements [from, to) in row-major order; arguments already checked. */
    static void sgd(Matrix w, Matrix g, double lr, int from, int to) {
        Elementwise.axpy(-lr, g, w, from, to);
    }

    /** Momentum on elements [from, to); arguments already checked. */
    static void momentum(Matrix w, Matrix g, Matrix v, double lr, double mu, boolean nesterov, int from, int to) {
        int n = to - from;
        if (w instanceof DoubleMatrix wd) {
            DoubleMatrix gd = (DoubleMatrix) g, vd = (DoubleMatrix) v;
            int wo = wd.offset + from, go = gd.offset + from, vo = vd.offset + from;
            if (Kernels.VECTOR) {
                VectorElementwiseDouble.momentum(wd.data, wo, gd.data, go, vd.data, vo, n, lr, mu, nesterov);
                return;
            }
            for (int i = 0; i < n; i++) {
                double gi = gd.data[go + i];
                double vi = mu * vd.data[vo + i] + gi;
                vd.data[vo + i] = vi;
                wd.data[wo + i] -= lr * (nesterov ? gi + mu * vi : vi);
            }
        } else {
            FloatMatrix wf = (FloatMatrix) w, gf = (FloatMatrix) g, vf = (FloatMatrix) v;
            int wo = wf.offset + from, go = gf.offset + from, vo = vf.offset + from;
            float lrf = (float) lr, muf = (float) mu;
            if (Kernels.VECTOR) {
                VectorElementwiseFloat.momentum(wf.data, wo, gf.data, go, vf.data, vo, n, lrf, muf, nesterov);
                return;
            }
            for (int i = 0; i < n; i++) {
                float gi = gf.data[go + i];
                float vi = muf * vf.data[vo + i] + gi;
                vf.data[vo + i] = vi;
                wf.data[wo + i] -= lrf * (nesterov ? gi + muf * vi : vi);
            }
        }
    }

    /** Adam on elements [from, to) with the bias corrections of this step; arguments already checked. */
    static void adam(Matrix w, Matrix g, Matrix m, Matrix v, double beta1, double beta2, double eps, double stepSize,
                     double correction2Sqrt, int from, int to) {
        int n = to - from;
        if (w instanceof DoubleMatrix wd) {
            DoubleMatrix gd = (DoubleMatrix) g, md = (DoubleMatrix) m, vd = (DoubleMatrix) v;
            int wo = wd.offset + from, go = gd.offset + from, mo = md.offset + from, vo = vd.offset + from;
            if (Kernels.VECTOR) {
                VectorElementwiseDouble.adam(wd.data, wo, gd.data, go, md.data, mo, vd.data, vo, n, beta1, beta2,
                        stepSize, correction2Sqrt, eps);
                return;
            }
            for (int i = 0; i < n; i++) {
                double gi = gd.data[go + i];
                double mi = md.data[mo + i] * beta1 + gi * (1.0 - beta1);
                double vi = vd.data[vo + i] * beta2 + (1.0 - beta2) * gi * gi;
                md.data[mo + i] = mi;
                vd.data[vo + i] = vi;
                double denom = Math.sqrt(vi) / correction2Sqrt + eps;
                wd.data[wo + i] += -stepSize * (mi / denom);
            }
        } else {
            FloatMatrix wf = (FloatMatrix) w, gf = (FloatMatrix) g, mf = (FloatMatrix) m, vf = (FloatMatrix) v;
            int wo = wf.offset + from, go = gf.offset + from, mo = mf.offset + from, vo = vf.offset + from;
            float b1 = (float) beta1, b2 = (float) beta2, c1 = (float) (1.0 - beta1), c2 = (float) (1.0 - beta2);
            float stepF = (float) stepSize, corrF = (float) correction2Sqrt, epsF = (float) eps;
            if (Kernels.VECTOR) {
                VectorElementwiseFloat.adam(wf.data, wo, gf.data, go, mf.data, mo, vf.data, vo, n, b1, b2, c1, c2,
                        stepF, corrF, epsF);
                return;
            }
            for (int i = 0; i < n; i++) {
                float gi = gf.data[go + i];
                float mi = mf.data[mo + i] * b1 + gi * c1;
                float vi = vf.data[vo + i] * b2 + c2 * gi * gi;
                mf.data[mo + i] = mi;
                vf.data[vo + i] = vi;
                float denom = (float) Math.sqrt(vi) / corrF + epsF;
                wf.data[wo + i] += -stepF * (mi / denom);
            }
        }
    }
}
