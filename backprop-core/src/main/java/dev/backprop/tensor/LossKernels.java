package dev.backprop.tensor;

/**
 * Fused, numerically stable loss kernels. Each returns the <em>sum</em> of the per-row losses in
 * float64 (callers divide by what their convention says) and, when {@code grad} is not null, writes
 * {@code gradScale · ∂loss_i/∂z} into it. Labels are class indices validated by the caller.
 */
public final class LossKernels {

    private LossKernels() {
    }

    /**
     * Softmax followed by cross-entropy over rows of {@code logits}: loss_i = logsumexp(z_i) - z_i[y_i],
     * gradient {@code softmax(z_i) - onehot(y_i)}. The log-sum-exp is shifted by the row maximum so
     * logits of ±1000 give finite losses.
     *
     * @param labels class index per row, read from {@code labels[labelOffset + i]}
     */
    public static double softmaxCrossEntropy(Matrix logits, int[] labels, int labelOffset, Matrix grad,
                                             double gradScale) {
        return softmaxCrossEntropy(logits, labels, labelOffset, grad, gradScale, Compute.SERIAL);
    }

    /**
     * {@link #softmaxCrossEntropy(Matrix, int[], int, Matrix, double)} with the rows split over the
     * threads of {@code compute} for large batches. The per-row losses are still added on the
     * calling thread in row order, so the sum has the same bits as on one thread.
     */
    public static double softmaxCrossEntropy(Matrix logits, int[] labels, int labelOffset, Matrix grad,
                                             double gradScale, Compute compute) {
        if (grad != null) {
            Shapes.requireSame("logits", logits, "logits gradient", grad);
            Shapes.requireDType(logits.dtype(), "logits gradient", grad);
        }
        int n = logits.rows;
        LossJob job = compute.lossJob();
        if (job != null && n >= LossJob.MIN_ROWS) {
            double[] rowLosses = job.softmaxCrossEntropy(logits, labels, labelOffset, grad, gradScale);
            compute.runOnAll(job);
            double total = 0.0;
            for (int i = 0; i < n; i++) {
                total += rowLosses[i];
            }
            return total;
        }
        return softmaxCrossEntropyRows(logits, labels, labelOffset, grad, gradScale, 0, n, null);
    }

    /**
     * Rows [r0, r1): row i's loss to {@code rowLosses[i]} when that is not null, its gradient to
     * {@code grad} when that is not null; returns the rows' losses added in row order from zero.
     * Arguments already checked. Float32 logits take {@link SoftmaxCrossEntropyFloat}.
     */
    static double softmaxCrossEntropyRows(Matrix logits, int[] labels, int labelOffset, Matrix grad,
                                          double gradScale, int r0, int r1, double[] rowLosses) {
        if (logits instanceof FloatMatrix f) {
            return SoftmaxCrossEntropyFloat.rows(f, labels, labelOffset, (FloatMatrix) grad, gradScale, r0, r1,
                    rowLosses);
        }
        double total = 0.0;
        for (int i = r0; i < r1; i++) {
            double loss = softmaxCrossEntropyRow(logits, labels, labelOffset, grad, gradScale, i);
            if (rowLosses != null) {
                rowLosses[i] = loss;
            }
            total += loss;
        }
        return total;
    }

    /**
     * The loss of row i of float64 logits, writing its gradient when {@code grad} is not null;
     * arguments already checked. {@code Math.exp}, as in the float64 trajectories this library
     * reproduces.
     */
    static double softmaxCrossEntropyRow(Matrix logits, int[] labels, int labelOffset, Matrix grad, double gradScale,
                                         int i) {
        int c = logits.cols;
        int base = i * c;
        int y = labels[labelOffset + i];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            max = Math.max(max, logits.getFlat(base + j));
        }
        double sum = 0.0;
        for (int j = 0; j < c; j++) {
            sum += Math.exp(logits.getFlat(base + j) - max);
        }
        double logSumExp = max + Math.log(sum);
        if (grad != null) {
            for (int j = 0; j < c; j++) {
                double p = Math.exp(logits.getFlat(base + j) - logSumExp);
                grad.setFlat(base + j, gradScale * (j == y ? p - 1.0 : p));
            }
        }
        // (max - z_y) + log(sum) rather than logsumexp - z_y: no cancellation between two large
        // numbers when the true class dominates, so small losses stay accurate.
        return (max - logits.getFlat(base + y)) + Math.log(sum);
    }

    /**
     * Sigmoid followed by binary cross-entropy on a single output column:
     * loss_i = max(z, 0) - z·y + log(1 + e^-|z|) (stable for any z), gradient {@code sigmoid(z) - y}.
     *
     * @param labels 0 or 1 per row, read from {@code labels[labelOffset + i]}
     */
    public static double sigmoidBinaryCrossEntropy(Matrix logits, int[] labels, int labelOffset, Matrix grad,
                                                   double gradScale) {
        if (logits.cols() != 1) {
            throw new ShapeException("binary cross-entropy needs one output column, 'logits' has shape "
                    + logits.shape());
        }
        if (grad != null) {
            Shapes.requireSame("logits", logits, "logits gradient", grad);
        }
        double total = 0.0;
        for (int i = 0, n = logits.rows; i < n; i++) {
            double z = logits.getFlat(i);
            int y = labels[labelOffset + i];
            total += Math.max(z, 0.0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
            if (grad != null) {
                grad.setFlat(i, gradScale * (stableSigmoid(z) - y));
            }
        }
        return total;
    }

    /**
     * Squared error against dense targets: returns Σ (o - t)² over all elements and writes
     * {@code gradScale · 2(o - t)}.
     */
    public static double squaredError(Matrix outputs, Matrix targets, Matrix grad, double gradScale) {
        Shapes.requireSame("outputs", outputs, "targets", targets);
        if (grad != null) {
            Shapes.requireSame("outputs", outputs, "outputs gradient", grad);
        }
        double total = 0.0;
        for (int i = 0, n = outputs.size(); i < n; i++) {
            double d = outputs.getFlat(i) - targets.getFlat(i);
            total += d * d;
            if (grad != null) {
                grad.setFlat(i, gradScale * 2.0 * d);
            }
        }
        return total;
    }

    /**
     * Squared error against one-hot targets built from class labels (no target matrix is
     * materialised).
     */
    public static double squaredErrorOneHot(Matrix outputs, int[] labels, int labelOffset, Matrix grad,
                                            double gradScale) {
        if (grad != null) {
            Shapes.requireSame("outputs", outputs, "outputs gradient", grad);
        }
        double total = 0.0;
        int c = outputs.cols();
        for (int i = 0, n = outputs.rows(); i < n; i++) {
            int y = labels[labelOffset + i];
            for (int j = 0; j < c; j++) {
                double d = outputs.get(i, j) - (j == y ? 1.0 : 0.0);
                total += d * d;
                if (grad != null) {
                    grad.set(i, j, gradScale * 2.0 * d);
                }
            }
        }
        return total;
    }

    private static double stableSigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }
}
