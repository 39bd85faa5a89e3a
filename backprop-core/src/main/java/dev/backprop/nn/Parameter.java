package dev.backprop.nn;

import dev.backprop.tensor.Matrix;

/**
 * A trainable tensor with its gradient: a layer's weights ({@code W0}, {@code W1}, ...) or bias
 * ({@code b0}, ...). Layers fill {@link #grad()} in backward; optimisers read it and update
 * {@link #value()} in place.
 */
public final class Parameter {

    private final String name;
    private final Matrix value;
    private final Matrix grad;
    private final boolean bias;

    /**
     * @param name  a name unique within the network, e.g. {@code W0}
     * @param value the tensor (kept, not copied)
     * @param bias  true for a bias, which regularisation leaves alone unless asked
     */
    public Parameter(String name, Matrix value, boolean bias) {
        this.name = name;
        this.value = value;
        this.grad = value.zerosLike();
        this.bias = bias;
    }

    /** The name, e.g. {@code W0} or {@code b0}. */
    public String name() {
        return name;
    }

    /** The tensor itself, updated in place. */
    public Matrix value() {
        return value;
    }

    /** The gradient of the objective with respect to {@link #value()}, same shape. */
    public Matrix grad() {
        return grad;
    }

    /** True for a bias vector. */
    public boolean isBias() {
        return bias;
    }

    @Override
    public String toString() {
        return name + value.shape();
    }
}
