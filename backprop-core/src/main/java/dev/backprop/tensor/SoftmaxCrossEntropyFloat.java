package dev.backprop.tensor;

/**
 * Softmax cross-entropy of float32 logits, a run of rows at a time: the logits are widened to
 * float64 and the exponentials computed with {@link Float32Math#exp}, in Vector API lanes when the
 * vector kernels run and one at a time otherwise, with the same bits either way. Each row's
 * maximum, sum, logarithm and divisions keep one fixed order (classes in order) whether the row is
 * computed on its own or in a vector lane beside other rows ({@link #acrossRows}, for rows of few
 * classes: 32 rows of ten took 1.9 µs one by one, mostly in the per-row chains).
 *
 * <p>Why not {@code Math.exp} as for float64: it costs about 30 cycles a call, and a batch of 32
 * rows of ten classes needs 640 of them, more than the output layer's products. The float64 loss
 * keeps {@code Math.exp}, since its trajectories are compared with PyTorch's to the last digits.
 *
 * <p>Per-thread scratch grows to the largest chunk seen and is then reused, so a training step
 * allocates nothing.
 */
final class SoftmaxCrossEntropyFloat {

    /** Elements handled per pass: enough rows to fill the vector loops, small enough for L1. */
    private static final int CHUNK = 1024;
    /**
     * Rows of at most this many classes go through {@link #acrossRows}, a row per vector lane; wider
     * rows fill the vector loops of {@link #chunk} by themselves.
     */
    private static final int ACROSS_MAX_CLASSES = 64;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private SoftmaxCrossEntropyFloat() {
    }

    /**
     * Rows [r0, r1) of {@code logits}: writes row i's loss to {@code rowLosses[i]} when that is not
     * null, and {@code gradScale · (softmax(z_i) - onehot(y_i))} into {@code grad} when that is not
     * null. Returns the sum of the rows' losses, added in row order from zero.
     */
    static double rows(FloatMatrix logits, int[] labels, int labelOffset, FloatMatrix grad, double gradScale,
                       int r0, int r1, double[] rowLosses) {
        int c = logits.cols;
        int a = r0;
        double total = 0.0;
        if (Kernels.VECTOR && c <= ACROSS_MAX_CLASSES) {
            int lanes = VectorElementwiseFloat.ROWS_ACROSS;
            Scratch s = SCRATCH.get().ensure(c * lanes).ensureLanes(lanes);
            for (; a + lanes <= r1; a += lanes) {
                total = acrossRows(logits, labels, labelOffset, grad, gradScale, a, rowLosses, s, total);
            }
        }
        return rowByRow(logits, labels, labelOffset, grad, gradScale, a, r1, rowLosses, total);
    }

    /**
     * Rows [r0, r1) one after the other, their losses added to {@code total} in row order: the
     * scalar twin's path, and the vector path's for the rows that do not fill the lanes of
     * {@link #acrossRows} (or rows of many classes, whose own length fills the vector loops).
     */
    static double rowByRow(FloatMatrix logits, int[] labels, int labelOffset, FloatMatrix grad, double gradScale,
                           int r0, int r1, double[] rowLosses, double total) {
        if (r0 >= r1) {
            return total;
        }
        int c = logits.cols;
        int rowsPerChunk = Math.max(1, CHUNK / c);
        Scratch s = SCRATCH.get().ensure(Math.min(r1 - r0, rowsPerChunk) * c);
        for (int a = r0; a < r1; a += rowsPerChunk) {
            int b = Math.min(r1, a + rowsPerChunk);
            total = chunk(logits, labels, labelOffset, grad, gradScale, a, b, rowLosses, s, total);
        }
        return total;
    }

    /**
     * {@link VectorElementwiseFloat#ROWS_ACROSS} rows from row {@code a}, one per vector lane
     * ({@link VectorElementwiseFloat#softmaxAcrossRows}): the same bits as {@link #chunk}, without
     * its per-row chains. Returns {@code total} plus their losses, added in row order.
     */
    private static double acrossRows(FloatMatrix logits, int[] labels, int labelOffset, FloatMatrix grad,
                                     double gradScale, int a, double[] rowLosses, Scratch s, double total) {
        int c = logits.cols;
        int lanes = VectorElementwiseFloat.ROWS_ACROSS;
        double[] zt = s.wide;
        float[] data = logits.data;
        int base = logits.offset + a * c;
        for (int r = 0; r < lanes; r++) {
            for (int j = 0; j < c; j++) {
                zt[j * lanes + r] = data[base + r * c + j];
            }
        }
        double[] p = s.exp;
        VectorElementwiseFloat.softmaxAcrossRows(zt, c, s.shift, p, s.rowMax, s.rowSum, grad != null);
        for (int r = 0; r < lanes; r++) {
            int y = labels[labelOffset + a + r];
            double loss = (s.rowMax[r] - data[base + r * c + y]) + Math.log(s.rowSum[r]);
            if (rowLosses != null) {
                rowLosses[a + r] = loss;
            }
            total += loss;
        }
        if (grad != null) {
            float[] g = grad.data;
            int gbase = grad.offset + a * c;
            for (int r = 0; r < lanes; r++) {
                for (int j = 0; j < c; j++) {
                    g[gbase + r * c + j] = (float) (gradScale * p[j * lanes + r]);
                }
                int y = labels[labelOffset + a + r];
                g[gbase + r * c + y] = (float) (gradScale * (p[y * lanes + r] - 1.0));
            }
        }
        return total;
    }

    /**
     * Rows [a, b) in one pass over the scratch arrays; returns {@code total} plus their losses, in
     * row order. The probabilities are {@code e^(z - max) / Σ e^(z - max)}: one exponential per
     * logit, and one rounding more accurate than {@code e^(z - logsumexp)} before the float32 one.
     */
    private static double chunk(FloatMatrix logits, int[] labels, int labelOffset, FloatMatrix grad,
                                double gradScale, int a, int b, double[] rowLosses, Scratch s, double total) {
        int c = logits.cols;
        int m = (b - a) * c;
        double[] z = s.wide, shift = s.shift, e = s.exp;
        float[] data = logits.data;
        int base = logits.offset + a * c;
        for (int row = 0; row < m; row += c) {
            // A compare rather than Math.max, whose NaN handling makes a chain of dependent steps;
            // a NaN logit still makes the row's loss and gradient NaN, through its exponential.
            float max = Float.NEGATIVE_INFINITY;
            for (int k = row; k < row + c; k++) {
                float v = data[base + k];
                z[k] = v;
                max = v > max ? v : max;
            }
            for (int k = row; k < row + c; k++) {
                shift[k] = max;
            }
        }
        int done = Kernels.VECTOR ? VectorElementwiseFloat.expShifted(z, shift, e, m) : 0;
        for (int k = done; k < m; k++) {
            e[k] = Float32Math.exp(z[k] - shift[k]);
        }
        for (int i = 0, row = 0; row < m; i++, row += c) {
            double sum = 0.0;
            for (int k = row; k < row + c; k++) {
                sum += e[k];
            }
            int y = labels[labelOffset + a + i];
            // (max - z_y) + log(sum) rather than logsumexp - z_y: no cancellation between two large
            // numbers when the true class dominates, so small losses stay accurate.
            double loss = (shift[row] - z[row + y]) + Math.log(sum);
            if (rowLosses != null) {
                rowLosses[a + i] = loss;
            }
            total += loss;
            for (int k = row; k < row + c; k++) {
                shift[k] = sum;
            }
        }
        if (grad != null) {
            // gradScale · p for every class (z is free now), then p - 1 for the true one.
            done = Kernels.VECTOR ? VectorElementwiseFloat.scaledQuotient(gradScale, e, shift, z, m) : 0;
            for (int k = done; k < m; k++) {
                z[k] = gradScale * (e[k] / shift[k]);
            }
            float[] g = grad.data;
            int gbase = grad.offset + a * c;
            for (int k = 0; k < m; k++) {
                g[gbase + k] = (float) z[k];
            }
            for (int i = 0, row = 0; row < m; i++, row += c) {
                int k = row + labels[labelOffset + a + i];
                g[gbase + k] = (float) (gradScale * (e[k] / shift[k] - 1.0));
            }
        }
        return total;
    }

    /** One thread's work arrays. */
    private static final class Scratch {
        double[] wide = new double[0];
        double[] shift = new double[0];
        double[] exp = new double[0];
        /**
         * Per lane of {@link #acrossRows}: each row's largest logit and its sum of exponentials;
         * sized by {@link #ensureLanes} on the vector path only (the scalar twin runs without the
         * Vector API module, whose classes the lane count would load).
         */
        double[] rowMax = new double[0];
        double[] rowSum = new double[0];

        Scratch ensureLanes(int lanes) {
            if (rowMax.length < lanes) {
                rowMax = new double[lanes];
                rowSum = new double[lanes];
            }
            return this;
        }

        Scratch ensure(int elements) {
            if (wide.length < elements) {
                wide = new double[elements];
                shift = new double[elements];
                exp = new double[elements];
            }
            return this;
        }
    }
}
