package dev.backprop.nn;

import dev.backprop.tensor.Matrix;

/**
 * What training minimises: the mean data {@link Loss} of a batch plus a {@link Regularization}
 * penalty, with the gradient of both with respect to every parameter of a {@link Network}.
 *
 * <pre>{@code
 * Objective objective = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.weightDecay(1e-3));
 * double j = objective.computeGradients(xBatch, labels, 0);   // fills every Parameter.grad()
 * }</pre>
 *
 * <p>The gradient buffer for the network output is owned here and reused: nothing is allocated per
 * step once a batch size has been seen.
 */
public final class Objective implements Differentiable {

    private final Network network;
    private final Loss loss;
    private final Regularization regularization;
    private final RowBuffer outputGradient;
    private double lastDataLoss = Double.NaN;
    private double lastPenalty = Double.NaN;

    /**
     * @throws IllegalArgumentException if the network's outputs do not fit the loss
     */
    public Objective(Network network, Loss loss, Regularization regularization) {
        loss.checkOutputs(network.outputSize());
        this.network = network;
        this.loss = loss;
        this.regularization = regularization;
        this.outputGradient = new RowBuffer(network.dtype(), network.outputSize());
    }

    /**
     * Forward, loss, backward and regularisation for one batch: fills every parameter's gradient and
     * returns data loss + penalty, both measured before any update.
     *
     * @param labels class labels, read from {@code labels[offset .. offset + x.rows())}
     */
    @Override
    public double computeGradients(Matrix x, int[] labels, int offset) {
        Matrix output = network.forward(x);
        Matrix grad = outputGradient.get(output.rows());
        lastDataLoss = loss.evaluate(output, labels, offset, grad, network.compute());
        lastPenalty = regularization.penalty(network.parameters());
        network.backward(grad);
        regularization.addGradient(network.parameters());
        return lastDataLoss + lastPenalty;
    }

    /**
     * One training step: forward, loss and penalty (returned, measured before any update), then,
     * when that value is finite, backward with every parameter's penalty gradient added and
     * {@code update} applied as soon as the parameter's gradient is final (see
     * {@link ParameterUpdate}). The same bits as {@link #computeGradients} followed by a separate
     * optimiser step; when the value is not finite, nothing is updated.
     *
     * @param labels class labels, read from {@code labels[offset .. offset + x.rows())}
     */
    public double computeGradientsAndUpdate(Matrix x, int[] labels, int offset, ParameterUpdate update) {
        java.util.Objects.requireNonNull(update, "update");
        Matrix output = network.forward(x);
        Matrix grad = outputGradient.get(output.rows());
        lastDataLoss = loss.evaluate(output, labels, offset, grad, network.compute());
        lastPenalty = regularization.penalty(network.parameters());
        double value = lastDataLoss + lastPenalty;
        if (!Double.isFinite(value)) {
            return value;
        }
        update.beginStep(network.parameters());
        penalised.update = update;
        try {
            network.backward(grad, penalised);
        } finally {
            penalised.update = null;
        }
        return value;
    }

    /** Adds the penalty's gradient to the rows, then hands them to the step's update. */
    private final class Penalised implements ParameterUpdate {
        private ParameterUpdate update;

        @Override
        public void beginStep(java.util.List<Parameter> parameters) {
            update.beginStep(parameters);
        }

        @Override
        public void updateRows(Parameter p, int fromRow, int toRow) {
            regularization.addGradient(p, fromRow, toRow);
            update.updateRows(p, fromRow, toRow);
        }
    }

    private final Penalised penalised = new Penalised();

    /** Data loss + penalty for one batch, without touching gradients. */
    @Override
    public double evaluate(Matrix x, int[] labels, int offset) {
        Matrix output = network.forward(x);
        lastDataLoss = loss.evaluate(output, labels, offset, null, network.compute());
        lastPenalty = regularization.penalty(network.parameters());
        return lastDataLoss + lastPenalty;
    }

    /** The mean data loss of the last evaluated batch. */
    public double lastDataLoss() {
        return lastDataLoss;
    }

    /** The regularisation penalty at the last evaluation. */
    public double lastPenalty() {
        return lastPenalty;
    }

    /** The network being trained. */
    @Override
    public Network network() {
        return network;
    }

    /** The data loss. */
    public Loss loss() {
        return loss;
    }

    /** The penalty. */
    public Regularization regularization() {
        return regularization;
    }
}
