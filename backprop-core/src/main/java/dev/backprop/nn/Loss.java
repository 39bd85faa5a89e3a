package dev.backprop.nn;

import dev.backprop.tensor.Compute;
import dev.backprop.tensor.Elementwise;
import dev.backprop.tensor.LossKernels;
import dev.backprop.tensor.Matrix;

import java.util.Locale;

/**
 * Data losses over a batch of network outputs and integer class labels. Each is fused with its output
 * non-linearity and numerically stable; the value is a mean over the batch, as in PyTorch.
 *
 * <ul>
 *   <li>{@code softmax_cross_entropy}: outputs are logits z [batch, classes];
 *       J = mean_i (logsumexp(z_i) - z_i[y_i]); ∂J/∂z = (softmax(z) - onehot(y)) / batch.</li>
 *   <li>{@code binary_cross_entropy}: one output logit z [batch, 1], labels 0/1;
 *       J = mean_i (max(z,0) - z·y + log(1 + e^-|z|)); ∂J/∂z = (sigmoid(z) - y) / batch.</li>
 *   <li>{@code mse}: outputs o [batch, classes] against one-hot targets t;
 *       J = mean over all batch·classes elements of (o - t)² ({@code torch.nn.MSELoss()});
 *       ∂J/∂o = 2(o - t) / (batch·classes).</li>
 * </ul>
 */
public enum Loss {
    /** Softmax followed by cross-entropy. */
    SOFTMAX_CROSS_ENTROPY,
    /** Sigmoid followed by binary cross-entropy, for one output unit. */
    BINARY_CROSS_ENTROPY,
    /** Mean squared error against one-hot targets. */
    MSE;

    /** The configuration name, e.g. {@code softmax_cross_entropy}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The loss named {@code name}, or an error suggesting the nearest valid name. */
    public static Loss parse(String name) {
        return Names.lookup("loss", name, values(), Loss::label);
    }

    /** Number of classes a network with {@code outputs} outputs predicts under this loss. */
    public int classes(int outputs) {
        return this == BINARY_CROSS_ENTROPY ? 2 : outputs;
    }

    /**
     * Checks that a network with {@code outputs} outputs fits this loss.
     *
     * @throws IllegalArgumentException explaining the mismatch
     */
    public void checkOutputs(int outputs) {
        if (this == BINARY_CROSS_ENTROPY && outputs != 1) {
            throw new IllegalArgumentException("binary_cross_entropy needs one output unit, the network has " + outputs
                    + "; use softmax_cross_entropy for " + outputs + " classes");
        }
        if (this == SOFTMAX_CROSS_ENTROPY && outputs < 2) {
            throw new IllegalArgumentException("softmax_cross_entropy needs at least two outputs, the network has "
                    + outputs + "; use binary_cross_entropy for a single logit");
        }
    }

    /**
     * The mean loss of {@code outputs} [batch, k] against {@code labels[offset .. offset + batch)},
     * writing ∂J/∂outputs into {@code grad} unless it is null.
     *
     * @throws IllegalArgumentException naming the row and label when a label is out of range
     */
    public double evaluate(Matrix outputs, int[] labels, int offset, Matrix grad) {
        return evaluate(outputs, labels, offset, grad, Compute.SERIAL);
    }

    /**
     * {@link #evaluate(Matrix, int[], int, Matrix)} with the softmax cross-entropy of a large batch
     * split over the threads of {@code compute} (the same bits).
     */
    public double evaluate(Matrix outputs, int[] labels, int offset, Matrix grad, Compute compute) {
        int n = outputs.rows();
        checkOutputs(outputs.cols());
        checkLabels(labels, offset, n, classes(outputs.cols()));
        if (n == 0) {
            return 0.0;
        }
        switch (this) {
            case SOFTMAX_CROSS_ENTROPY:
                return LossKernels.softmaxCrossEntropy(outputs, labels, offset, grad, 1.0 / n, compute) / n;
            case BINARY_CROSS_ENTROPY:
                return LossKernels.sigmoidBinaryCrossEntropy(outputs, labels, offset, grad, 1.0 / n) / n;
            case MSE: {
                double count = (double) n * outputs.cols();
                return LossKernels.squaredErrorOneHot(outputs, labels, offset, grad, 1.0 / count) / count;
            }
            default:
                throw new AssertionError(this);
        }
    }

    /** Writes the predicted class of each output row into {@code classes}. */
    public void predict(Matrix outputs, int[] classes) {
        if (this == BINARY_CROSS_ENTROPY) {
            for (int i = 0; i < outputs.rows(); i++) {
                classes[i] = outputs.get(i, 0) > 0 ? 1 : 0;
            }
        } else {
            Elementwise.argmaxRows(outputs, classes);
        }
    }

    private static void checkLabels(int[] labels, int offset, int n, int classes) {
        if (offset < 0 || offset + n > labels.length) {
            throw new IllegalArgumentException("labels [" + offset + ", " + (offset + n)
                    + ") are outside a label array of length " + labels.length);
        }
        for (int i = offset; i < offset + n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at position " + i + " is outside 0.."
                        + (classes - 1) + " for " + classes + " classes");
            }
        }
    }
}
