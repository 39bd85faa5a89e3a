package dev.backprop.train;

/**
 * One validation point of a training run.
 *
 * @param step               training steps done when it was taken
 * @param epoch              fractional epoch: {@code step / batches per epoch}
 * @param wallSeconds        seconds since training started (this run, not counting earlier resumed parts)
 * @param trainLoss          mean data loss on the whole training set (no penalty; step losses include it)
 * @param trainAccuracy      accuracy on the whole training set
 * @param validationLoss     mean data loss on the validation set (NaN without one)
 * @param validationAccuracy accuracy on the validation set (NaN without one)
 */
public record Validation(long step, double epoch, double wallSeconds, double trainLoss, double trainAccuracy,
                         double validationLoss, double validationAccuracy) {
}
