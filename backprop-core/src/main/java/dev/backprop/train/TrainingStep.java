package dev.backprop.train;

import dev.backprop.nn.Objective;
import dev.backprop.optim.Optimizer;
import dev.backprop.tensor.Matrix;

/**
 * One step of mini-batch training: gradients of the {@link Objective} on a batch, then one
 * {@link Optimizer} update of every parameter. Allocates nothing once a batch size has been seen.
 *
 * <pre>{@code
 * TrainingStep step = new TrainingStep(objective, new Sgd(0.1));
 * double loss = step.run(batchX, batchLabels, 0);   // data loss + penalty before the update
 * }</pre>
 */
public final class TrainingStep {

    private final Objective objective;
    private final Optimizer optimizer;

    /** Binds an objective to an optimiser. */
    public TrainingStep(Objective objective, Optimizer optimizer) {
        this.objective = objective;
        this.optimizer = optimizer;
    }

    /**
     * Trains on one batch and returns the objective (data loss + penalty) measured before the update.
     *
     * @param labels class labels, read from {@code labels[offset .. offset + x.rows())}
     */
    public double run(Matrix x, int[] labels, int offset) {
        double value = objective.computeGradients(x, labels, offset);
        optimizer.step(objective.network().parameters(), objective.network().compute());
        return value;
    }

    /** The objective being minimised. */
    public Objective objective() {
        return objective;
    }

    /** The optimiser applying updates. */
    public Optimizer optimizer() {
        return optimizer;
    }
}
