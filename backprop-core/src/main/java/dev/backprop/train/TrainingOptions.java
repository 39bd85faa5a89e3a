package dev.backprop.train;

import dev.backprop.optim.LearningRateSchedule;

/**
 * How to train: batching, shuffling, epochs, how often to validate, when to stop early.
 *
 * <pre>{@code
 * TrainingOptions tdt4265 = TrainingOptions.defaults()
 *         .withBatchSize(32).withMaxEpochs(50).withValidationsPerEpoch(5)
 *         .withEarlyStopping(EarlyStopping.on(Metric.VALIDATION_LOSS, 10)).withSeed(42);
 * }</pre>
 *
 * @param batchSize           examples per step
 * @param dropLast            leave out the last partial batch of an epoch
 * @param shuffle             visit the training examples in a fresh seeded order each epoch
 * @param maxEpochs           stop after this many epochs at the latest
 * @param validationsPerEpoch validate this many times per epoch, evenly spaced (TDT4265: 5)
 * @param earlyStopping       when to stop early, or null to train for {@code maxEpochs}
 * @param seed                seed of the shuffling (epoch e uses {@code Rng.derive(seed, "shuffle/" + e)})
 * @param schedule            learning rate per step, or null to keep the optimiser's
 * @param evaluationBatchSize rows per forward pass when evaluating whole datasets
 */
public record TrainingOptions(int batchSize, boolean dropLast, boolean shuffle, int maxEpochs, int validationsPerEpoch,
                              EarlyStopping earlyStopping, long seed, LearningRateSchedule schedule,
                              int evaluationBatchSize) {

    /** Validates the options with messages naming the option. */
    public TrainingOptions {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (maxEpochs <= 0) {
            throw new IllegalArgumentException("max epochs must be positive, got " + maxEpochs);
        }
        if (validationsPerEpoch <= 0) {
            throw new IllegalArgumentException("validations per epoch must be positive, got " + validationsPerEpoch);
        }
        if (evaluationBatchSize <= 0) {
            throw new IllegalArgumentException("evaluation batch size must be positive, got " + evaluationBatchSize);
        }
    }

    /** Batch 32, keep the last partial batch, shuffle, 10 epochs, 1 validation per epoch, no early stopping, seed 0. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(32, false, true, 10, 1, null, 0, null, 1000);
    }

    /** With another batch size. */
    public TrainingOptions withBatchSize(int n) {
        return new TrainingOptions(n, dropLast, shuffle, maxEpochs, validationsPerEpoch, earlyStopping, seed, schedule,
                evaluationBatchSize);
    }

    /** Dropping (or keeping) the last partial batch. */
    public TrainingOptions withDropLast(boolean drop) {
        return new TrainingOptions(batchSize, drop, shuffle, maxEpochs, validationsPerEpoch, earlyStopping, seed, schedule,
                evaluationBatchSize);
    }

    /** Shuffling each epoch or not. */
    public TrainingOptions withShuffle(boolean on) {
        return new TrainingOptions(batchSize, dropLast, on, maxEpochs, validationsPerEpoch, earlyStopping, seed, schedule,
                evaluationBatchSize);
    }

    /** With another epoch limit. */
    public TrainingOptions withMaxEpochs(int n) {
        return new TrainingOptions(batchSize, dropLast, shuffle, n, validationsPerEpoch, earlyStopping, seed, schedule,
                evaluationBatchSize);
    }

    /** Validating {@code n} times per epoch. */
    public TrainingOptions withValidationsPerEpoch(int n) {
        return new TrainingOptions(batchSize, dropLast, shuffle, maxEpochs, n, earlyStopping, seed, schedule,
                evaluationBatchSize);
    }

    /** With early stopping (null: none). */
    public TrainingOptions withEarlyStopping(EarlyStopping e) {
        return new TrainingOptions(batchSize, dropLast, shuffle, maxEpochs, validationsPerEpoch, e, seed, schedule,
                evaluationBatchSize);
    }

    /** With another shuffling seed. */
    public TrainingOptions withSeed(long s) {
        return new TrainingOptions(batchSize, dropLast, shuffle, maxEpochs, validationsPerEpoch, earlyStopping, s, schedule,
                evaluationBatchSize);
    }

    /** With a learning-rate schedule (null: constant). */
    public TrainingOptions withSchedule(LearningRateSchedule s) {
        return new TrainingOptions(batchSize, dropLast, shuffle, maxEpochs, validationsPerEpoch, earlyStopping, seed, s,
                evaluationBatchSize);
    }
}
