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
 * @param iterations          0 to train in epochs over the data; otherwise train for exactly this many
 *                            steps, each on a batch drawn <em>with replacement</em> (cs231n's
 *                            {@code np.random.choice(num_train, batch_size)}); {@code maxEpochs} is then ignored
 * @param iterationsPerEpoch  with {@code iterations}: steps per "epoch" (validation and per-epoch decay),
 *                            0 for cs231n's {@code max(num_train / batch_size, 1)}
 */
public record TrainingOptions(int batchSize, boolean dropLast, boolean shuffle, int maxEpochs, int validationsPerEpoch,
                              EarlyStopping earlyStopping, long seed, LearningRateSchedule schedule,
                              int evaluationBatchSize, long iterations, int iterationsPerEpoch) {

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
        if (iterations < 0 || iterationsPerEpoch < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + iterations + " (per epoch "
                    + iterationsPerEpoch + ")");
        }
    }

    /** Sampling with replacement for {@code steps} iterations ({@code perEpoch} 0: cs231n's default). */
    public TrainingOptions withIterations(long steps, int perEpoch) {
        return new TrainingOptions(batchSize, dropLast, shuffle, maxEpochs, validationsPerEpoch, earlyStopping, seed,
                schedule, evaluationBatchSize, steps, perEpoch);
    }

    /** True when batches are drawn with replacement for a fixed number of iterations. */
    public boolean sampled() {
        return iterations > 0;
    }

    /** Batch 32, keep the last partial batch, shuffle, 10 epochs, 1 validation per epoch, no early stopping, seed 0. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(32, false, true, 10, 1, null, 0, null, 1000, 0, 0);
    }

    /** With another batch size. */
    public TrainingOptions withBatchSize(int n) {
        return new TrainingOptions(n, dropLast, shuffle, maxEpochs, validationsPerEpoch, earlyStopping, seed, schedule,
                evaluationBatchSize, iterations, iterationsPerEpoch);
    }

    /** Dropping (or keeping) the last partial batch. */
    public TrainingOptions withDropLast(boolean drop) {
        return new TrainingOptions(batchSize, drop, shuffle, maxEpochs, validationsPerEpoch, earlyStopping, seed, schedule,
                evaluationBatchSize, iterations, iterationsPerEpoch);
    }

    /** Shuffling each epoch or not. */
    public TrainingOptions withShuffle(boolean on) {
        return new TrainingOptions(batchSize, dropLast, on, maxEpochs, validationsPerEpoch, earlyStopping, seed, schedule,
                evaluationBatchSize, iterations, iterationsPerEpoch);
    }

    /** With another epoch limit. */
    public TrainingOptions withMaxEpochs(int n) {
        return new TrainingOptions(batchSize, dropLast, shuffle, n, validationsPerEpoch, earlyStopping, seed, schedule,
                evaluationBatchSize, iterations, iterationsPerEpoch);
    }

    /** Validating {@code n} times per epoch. */
    public TrainingOptions withValidationsPerEpoch(int n) {
        return new TrainingOptions(batchSize, dropLast, shuffle, maxEpochs, n, earlyStopping, seed, schedule,
                evaluationBatchSize, iterations, iterationsPerEpoch);
    }

    /** With early stopping (null: none). */
    public TrainingOptions withEarlyStopping(EarlyStopping e) {
        return new TrainingOptions(batchSize, dropLast, shuffle, maxEpochs, validationsPerEpoch, e, seed, schedule,
                evaluationBatchSize, iterations, iterationsPerEpoch);
    }

    /** With another shuffling seed. */
    public TrainingOptions withSeed(long s) {
        return new TrainingOptions(batchSize, dropLast, shuffle, maxEpochs, validationsPerEpoch, earlyStopping, s, schedule,
                evaluationBatchSize, iterations, iterationsPerEpoch);
    }

    /** With a learning-rate schedule (null: constant). */
    public TrainingOptions withSchedule(LearningRateSchedule s) {
        return new TrainingOptions(batchSize, dropLast, shuffle, maxEpochs, validationsPerEpoch, earlyStopping, seed, s,
                evaluationBatchSize, iterations, iterationsPerEpoch);
    }
}
