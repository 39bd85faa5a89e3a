package dev.backprop.train;

import dev.backprop.tensor.Matrix;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue a training run exactly where it stopped: weights, optimiser state,
 * position in the epoch, history and early-stopping state. Shuffling needs no state: epoch e's order
 * comes from {@code Rng.derive(seed, "shuffle/" + e)}.
 *
 * @param fingerprint     identifies the run's configuration; a checkpoint of another run is refused
 * @param step            steps done
 * @param epoch           current epoch (0-based)
 * @param batchInEpoch    next batch of that epoch
 * @param wallSeconds     training time so far
 * @param stepLosses      loss of every step so far
 * @param validations     validations so far
 * @param bestIndex       index in {@code validations} of the best one, or -1
 * @param sinceBest       validations since the best one
 * @param parameters      current weights by parameter name
 * @param bestParameters  weights at the best validation, or empty
 * @param optimizerState  optimiser state ({@link dev.backprop.optim.Optimizer#state})
 * @param optimizerSteps  optimiser step count
 */
public record Checkpoint(String fingerprint, long step, int epoch, int batchInEpoch, double wallSeconds,
                         double[] stepLosses, List<Validation> validations, int bestIndex, int sinceBest,
                         Map<String, Matrix> parameters, Map<String, Matrix> bestParameters,
                         Map<String, Matrix> optimizerState, long optimizerSteps) {
}
