package dev.backprop.tensor;

/**
 * A row-wise kernel over a batch (gather, bias + activation, activation gradient) split into
 * contiguous runs of rows for the threads of a {@link Compute}, with the same row blocks as a
 * row-split product, so each thread goes on with the rows already in its cache. Reused: filling it
 * in allocates nothing.
 */
final class RowsJob implements Job {

    /**
     * Fewer elements than this stay on the calling thread: handing a part over and back costs about
     * 2 µs, more than copying, adding or multiplying a few thousand numbers takes.
     */
    static final int MIN_ELEMENTS = 1 << 15;
    /** The threshold for exponentials (sigmoid, tanh): 2 K of them take longer than the hand-over. */
    static final int MIN_TRANSCENDENTAL_ELEMENTS = 1 << 11;

    private enum Kind { GATHER, BIAS_ACTIVATE, ACTIVATION_GRADIENT }

    private Kind kind;
    private Matrix a, b, c, d;
    private int[] indices;
    private int from;
    private Nonlinearity f;
    private double slope;

    /** True when {@code m} is large enough, and tall enough, to be worth splitting by rows. */
    static boolean worthSplitting(Matrix m) {
        return worthSplitting(m, MIN_ELEMENTS);
    }

    /** As {@link #worthSplitting(Matrix)} for computing {@code f} on every element of {@code m}. */
    static boolean worthSplitting(Matrix m, Nonlinearity f) {
        boolean exponential = f == Nonlinearity.SIGMOID || f == Nonlinearity.TANH
                || f == Nonlinearity.IMPROVED_SIGMOID;
        return worthSplitting(m, exponential ? MIN_TRANSCENDENTAL_ELEMENTS : MIN_ELEMENTS);
    }

    private static boolean worthSplitting(Matrix m, int minElements) {
        return (long) m.rows * m.cols >= minElements && m.rows >= 2 * Kernels.rowBlock(m.dtype());
    }

    void gather(Matrix src, int[] indices, int from, Matrix dst) {
        set(Kind.GATHER, src, dst, null, null);
        this.indices = indices;
        this.from = from;
    }

    void biasActivate(Matrix z, Matrix bias, Nonlinearity f, double slope, Matrix out) {
        set(Kind.BIAS_ACTIVATE, z, bias, out, null);
        this.f = f;
        this.slope = slope;
    }

    void activationGradient(Nonlinearity f, double slope, Matrix z, Matrix act, Matrix gradA, Matrix gradZ) {
        set(Kind.ACTIVATION_GRADIENT, z, act, gradA, gradZ);
        this.f = f;
        this.slope = slope;
    }

    private void set(Kind kind, Matrix a, Matrix b, Matrix c, Matrix d) {
        this.kind = kind;
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    @Override
    public void runPart(int part, int parts) {
        Matrix rowsOf = kind == Kind.GATHER ? b : a;
        int r0 = Job.firstRow(rowsOf.rows, rowsOf.dtype(), part, parts);
        int r1 = Job.firstRow(rowsOf.rows, rowsOf.dtype(), part + 1, parts);
        if (r0 >= r1) {
            return;
        }
        switch (kind) {
            case GATHER -> Elementwise.gatherRows(a, indices, from, b, r0, r1);
            case BIAS_ACTIVATE -> Elementwise.biasActivateRows(a, b, f, slope, c, r0, r1);
            case ACTIVATION_GRADIENT -> Elementwise.activationGradient(f, slope, a, b, c, d, r0 * a.cols,
                    r1 * a.cols);
            default -> throw new AssertionError(kind);
        }
    }
}
