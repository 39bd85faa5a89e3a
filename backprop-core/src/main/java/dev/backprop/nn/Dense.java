package dev.backprop.nn;

import dev.backprop.random.Rng;
import dev.backprop.tensor.Compute;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Elementwise;
import dev.backprop.tensor.Gemm;
import dev.backprop.tensor.Matrix;
import dev.backprop.tensor.Nonlinearity;
import dev.backprop.tensor.RowsDone;
import dev.backprop.tensor.ShapeException;

import java.util.List;

/**
 * A fully connected layer followed by its activation: {@code Z = X·W + b}, {@code A = f(Z)}, with
 * X [batch, in], W [in, out] and an optional bias b [1, out].
 *
 * <p>Backward, given {@code G = ∂J/∂A}: {@code Δ = G ⊙ f'(Z)}, {@code ∂J/∂W = Xᵀ·Δ},
 * {@code ∂J/∂b = Σ_rows Δ}, and {@code ∂J/∂X = Δ·Wᵀ} (skipped for the first layer). The layer
 * keeps a reference to its last input and owns the work matrices it needs, reused across steps.
 */
public final class Dense implements Layer {

    private final int index;
    private final int inputSize;
    private final int outputSize;
    private final Activation activation;
    private final Initializer initializer;
    private final Parameter weights;
    private final Parameter bias;
    private final RowBuffer preActivation;
    private final RowBuffer output;
    private final RowBuffer gradPreActivation;
    private final RowBuffer gradInput;
    private Compute compute = Compute.SERIAL;
    /** The update of the backward pass under way, for {@link #weightRowsDone}; null otherwise. */
    private ParameterUpdate update;
    /** The backward pass's {@code Δ} while {@link #update} is set, for the bias's gradient. */
    private Matrix delta;
    /** Made once, so a backward pass allocates nothing. */
    private final RowsDone weightRowsDone = this::weightRowsDone;
    private Matrix lastInput;
    private Matrix lastZ;
    private Matrix lastA;

    /**
     * Creates the layer and initialises its weights (biases start at zero).
     *
     * @param index       position in the network, used to name parameters {@code W<index>}, {@code b<index>}
     * @param inputSize   number of input features
     * @param outputSize  number of units
     * @param hasBias     whether the layer adds a bias
     * @param activation  applied to {@code Z}; identity for an output layer feeding a fused loss
     * @param initializer draws the initial weights from {@code rng}
     */
    public Dense(int index, int inputSize, int outputSize, boolean hasBias, Activation activation,
                 Initializer initializer, DType dtype, Rng rng) {
        if (inputSize <= 0 || outputSize <= 0) {
            throw new IllegalArgumentException("layer " + index + ": sizes must be positive, got " + inputSize
                    + " -> " + outputSize);
        }
        this.index = index;
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.activation = activation;
        this.initializer = initializer;
        this.weights = new Parameter("W" + index, Matrix.zeros(dtype, inputSize, outputSize), false);
        this.bias = hasBias ? new Parameter("b" + index, Matrix.zeros(dtype, 1, outputSize), true) : null;
        initializer.initialize(weights.value(), rng);
        this.preActivation = new RowBuffer(dtype, outputSize);
        this.output = isIdentity() ? preActivation : new RowBuffer(dtype, outputSize);
        this.gradPreActivation = new RowBuffer(dtype, outputSize);
        this.gradInput = new RowBuffer(dtype, inputSize);
    }

    private boolean isIdentity() {
        return activation.function() == Nonlinearity.IDENTITY;
    }

    @Override
    public Matrix forward(Matrix input) {
        if (input.cols() != inputSize) {
            throw new ShapeException("layer " + index + " (" + describe() + ") expects " + inputSize
                    + " input features, got input of shape " + input.shape());
        }
        int n = input.rows();
        Matrix z = preActivation.get(n);
        Matrix a = output.get(n);
        Gemm.matmulBiasActivate(input, weights.value(), z, bias == null ? null : bias.value(),
                activation.function(), activation.negativeSlope(), a, compute);
        lastInput = input;
        lastZ = z;
        lastA = a;
        return a;
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        return backward(gradOutput, needInputGradient, null);
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGradient, ParameterUpdate update) {
        if (lastInput == null) {
            throw new IllegalStateException("layer " + index + ": backward called before forward");
        }
        if (!lastA.sameShape(gradOutput)) {
            throw new ShapeException("layer " + index + ": gradient of shape " + gradOutput.shape()
                    + " does not match the layer's last output " + lastA.shape());
        }
        Matrix delta = gradOutput;
        if (!isIdentity()) {
            delta = gradPreActivation.get(gradOutput.rows());
            Elementwise.activationGradient(activation.function(), activation.negativeSlope(), lastZ, lastA,
                    gradOutput, delta, compute);
        }
        // The input gradient first: it reads the weights, which an update may change next.
        Matrix gradIn = null;
        if (needInputGradient) {
            gradIn = gradInput.get(delta.rows());
            Gemm.matmulTransB(delta, weights.value(), gradIn, compute);
        }
        if (update == null) {
            Gemm.matmulTransA(lastInput, delta, weights.grad(), false, compute);
            if (bias != null) {
                Elementwise.sumColumns(delta, bias.grad(), false);
            }
            return gradIn;
        }
        this.update = update;
        this.delta = delta;
        try {
            Gemm.matmulTransA(lastInput, delta, weights.grad(), false, compute, weightRowsDone);
        } finally {
            this.update = null;
            this.delta = null;
        }
        return gradIn;
    }

    /**
     * The update of the weights' rows whose gradient {@code Xᵀ·Δ} has just finished; with the first
     * rows, also the bias's gradient and update. The rows from 0 are reported exactly once per
     * product, and on two threads by the calling thread's part, which finishes before the worker's
     * (a worker starts its part later): the bias then fills that wait instead of following it.
     */
    private void weightRowsDone(int fromRow, int toRow) {
        update.updateRows(weights, fromRow, toRow);
        if (fromRow == 0 && bias != null) {
            Elementwise.sumColumns(delta, bias.grad(), false);
            update.updateRows(bias, 0, 1);
        }
    }

    /** Runs this layer's matrix products on {@code compute} (results do not depend on it). */
    public void setCompute(Compute compute) {
        this.compute = java.util.Objects.requireNonNull(compute, "compute");
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weights) : List.of(weights, bias);
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    /** The weights W [in, out]. */
    public Parameter weights() {
        return weights;
    }

    /** The bias b [1, out], or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    /** True when the layer adds a bias. */
    public boolean hasBias() {
        return bias != null;
    }

    /** The activation applied after the affine map. */
    public Activation activation() {
        return activation;
    }

    /** How the weights were initialised. */
    public Initializer initializer() {
        return initializer;
    }

    /** The last pre-activation Z computed by {@link #forward}, or null (for checks and diagnostics). */
    public Matrix lastPreActivation() {
        return lastZ;
    }

    @Override
    public String describe() {
        return "dense " + inputSize + " -> " + outputSize + (bias == null ? ", no bias" : "") + ", "
                + activation;
    }
}
