package dev.backprop.tensor;

/**
 * Softmax cross-entropy of float32 logits, a run of rows at a time: the logits are widened to
 * float64 and the exponentials computed with {@link Float32Math#exp}, in Vector API lanes when the
 * vector kernels run and one at a time otherwise, with the same bits either way. Sums, logarithms,
 * divisions and the per-row maximum stay scalar and in a fixed order.
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
        int rowsPerChunk = Math.max(1, CHUNK / c);
        Scratch s = SCRATCH.get().ensure(Math.min(r1 - r0, rowsPerChunk) * c);
        double total = 0.0;
        for (int a = r0; a < r1; a += rowsPerChunk) {
            int b = Math.min(r1, a + rowsPerChunk);
            total = chunk(logits, labels, labelOffset, grad, gradScale, a, b, rowLosses, s, total);
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
