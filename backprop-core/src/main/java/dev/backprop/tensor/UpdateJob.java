package dev.backprop.tensor;

/**
 * One optimiser update (SGD, momentum or Adam) of a weight matrix, split into the row blocks a
 * row-split {@code Xᵀ·Δ} product gives each thread, so each thread updates the gradient rows it has
 * just computed while they are in its cache. Filled in by {@link UpdateKernels}; reused, so a training
 * step allocates nothing.
 */
final class UpdateJob implements Job {

    /** Parameters with fewer elements than this are updated on the calling thread. */
    static final int MIN_ELEMENTS = 1 << 14;

    private enum Kind { SGD, MOMENTUM, ADAM }

    private Kind kind;
    private Matrix w, g, s1, s2;
    private double lr, mu, beta1, beta2, eps, stepSize, correction2Sqrt;
    private boolean nesterov;

    /** True when {@code w} is large enough, and has enough rows, to be worth splitting. */
    static boolean worthSplitting(Matrix w) {
        return w.size() >= MIN_ELEMENTS && w.rows >= 2 * Kernels.rowBlock(w.dtype());
    }

    void sgd(Matrix w, Matrix g, double lr) {
        set(Kind.SGD, w, g, null, null);
        this.lr = lr;
    }

    void momentum(Matrix w, Matrix g, Matrix v, double lr, double mu, boolean nesterov) {
        set(Kind.MOMENTUM, w, g, v, null);
        this.lr = lr;
        this.mu = mu;
        this.nesterov = nesterov;
    }

    void adam(Matrix w, Matrix g, Matrix m, Matrix v, double beta1, double beta2, double eps, double stepSize,
              double correction2Sqrt) {
        set(Kind.ADAM, w, g, m, v);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.stepSize = stepSize;
        this.correction2Sqrt = correction2Sqrt;
    }

    private void set(Kind kind, Matrix w, Matrix g, Matrix s1, Matrix s2) {
        this.kind = kind;
        this.w = w;
        this.g = g;
        this.s1 = s1;
        this.s2 = s2;
    }

    @Override
    public void runPart(int part, int parts) {
        int r0 = Job.firstRow(w.rows, w.dtype(), part, parts);
        int r1 = Job.firstRow(w.rows, w.dtype(), part + 1, parts);
        if (r0 >= r1) {
            return;
        }
        int from = r0 * w.cols, to = r1 * w.cols;
        switch (kind) {
            case SGD -> UpdateKernels.sgd(w, g, lr, from, to);
            case MOMENTUM -> UpdateKernels.momentum(w, g, s1, lr, mu, nesterov, from, to);
            case ADAM -> UpdateKernels.adam(w, g, s1, s2, beta1, beta2, eps, stepSize, correction2Sqrt, from, to);
            default -> throw new AssertionError(kind);
        }
    }
}
