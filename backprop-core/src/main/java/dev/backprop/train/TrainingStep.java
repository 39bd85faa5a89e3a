package dev.backprop.train;

import dev.backprop.nn.Objective;
import dev.backprop.optim.Optimizer;
import dev.backprop.tensor.Matrix;

/**
 * One step of mini-batch training: gradients of the {@link Objective} on a batch and one
 * {@link Optimizer} update of every parameter, each parameter updated as soon as its gradient is
 * final ({@link Objective#computeGradientsAndUpdate}); no update when the value is not finite.
 * Allocates nothing once a batch size has been seen.
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
     * Trains on one batch and returns the objective (data loss + penalty) measured before the update;
     * when that is not finite, the parameters are left as they were.
     *
     * @param labels class labels, read from {@code labels[offset .. offset + x.rows())}
     */
    public double run(Matrix x, int[] labels, int offset) {
        return objective.computeGradientsAndUpdate(x, labels, offset, optimizer);
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
