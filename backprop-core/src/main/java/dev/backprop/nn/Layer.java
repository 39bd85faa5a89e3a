package dev.backprop.nn;

import dev.backprop.tensor.Matrix;

import java.util.List;

/**
 * One stage of a {@link Network}: maps [batch, in] to [batch, out] in {@link #forward} and, given
 * the gradient of the objective with respect to its output, fills its parameters' gradients and
 * returns the gradient with respect to its input in {@link #backward}.
 *
 * <p>Returned matrices are work buffers owned by the layer: valid until its next call.
 */
public interface Layer {

    /** Computes the output for a batch of inputs [batch, inputSize()]. */
    Matrix forward(Matrix input);

    /**
     * Back-propagates {@code gradOutput} [batch, outputSize()] through the last {@link #forward}.
     *
     * @param needInputGradient false for the first layer, whose input gradient nobody uses
     * @return the gradient with respect to the input, or null when not needed
     */
    Matrix backward(Matrix gradOutput, boolean needInputGradient);

    /**
     * {@link #backward(Matrix, boolean)}, handing each parameter's rows to {@code update} as soon as
     * their gradient is final, after the input gradient (which reads the weights) is computed.
     */
    Matrix backward(Matrix gradOutput, boolean needInputGradient, ParameterUpdate update);

    /** Trainable parameters, in a fixed order (weights before bias). */
    List<Parameter> parameters();

    /** Number of input features. */
    int inputSize();

    /** Number of outputs. */
    int outputSize();

    /** One line for summaries, e.g. {@code dense 784 -> 64, sigmoid}. */
    String describe();
}
