package dev.backprop.nn;

import java.util.List;

/**
 * An optimiser's update applied during backpropagation, to each parameter as soon as its gradient is
 * final ({@link Objective#computeGradientsAndUpdate}): the rows of a large weight gradient are
 * updated block by block on the thread that computed them, while the cache still holds them, instead
 * of in a pass over all parameters after the backward pass. Every element gets the same arithmetic
 * as in a separate step, so the bits are the same.
 *
 * <pre>{@code
 * double loss = objective.computeGradientsAndUpdate(x, labels, 0, new Sgd(0.1));
 * }</pre>
 */
public interface ParameterUpdate {

    /**
     * A step begins: each of {@code parameters} will then have {@link #updateRows} called for all its
     * rows, exactly once, before the next step begins. Called on the training thread.
     */
    void beginStep(List<Parameter> parameters);

    /**
     * Updates rows [fromRow, toRow) of {@code p} from the same rows of its gradient, which are final.
     * Called from the thread that computed those rows; calls for disjoint rows of one parameter may
     * run at the same time.
     */
    void updateRows(Parameter p, int fromRow, int toRow);
}
