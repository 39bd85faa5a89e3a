package dev.backprop.nn;

import dev.backprop.tensor.Matrix;

/**
 * A scalar function of a network's parameters on a batch, with its gradient: what training and
 * gradient checking need. {@link Objective} is the implementation; the interface lets checks and
 * tests wrap it.
 */
public interface Differentiable {

    /** The network whose parameters the function depends on. */
    Network network();

    /** The value on a batch, filling every parameter's gradient. */
    double computeGradients(Matrix x, int[] labels, int offset);

    /** The value on a batch, leaving gradients alone. */
    double evaluate(Matrix x, int[] labels, int offset);
}
