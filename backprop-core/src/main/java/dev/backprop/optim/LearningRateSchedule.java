package dev.backprop.optim;

/**
 * The learning rate as a function of training progress. The training loop asks for the rate before
 * every step and hands it to {@link Optimizer#setLearningRate}.
 *
 * <pre>{@code
 * // cs231n: multiply by 0.95 once per "epoch" of 245 iterations
 * LearningRateSchedule s = LearningRateSchedule.stepDecayEveryIterations(1e-3, 0.95, 245);
 * double lr = s.rate(iteration, epoch);
 * }</pre>
 */
public interface LearningRateSchedule {

    /**
     * The rate for the step about to be taken.
     *
     * @param iteration steps taken so far (0 for the first step)
     * @param epoch     completed epochs so far (0 during the first epoch)
     */
    double rate(long iteration, int epoch);

    /** Always {@code lr}. */
    static LearningRateSchedule constant(double lr) {
        Optimizer.checkLearningRate(lr);
        return new Constant(lr);
    }

    /** {@code lr · gamma^floor(epoch / everyEpochs)} (PyTorch {@code StepLR}). */
    static LearningRateSchedule stepDecay(double lr, double gamma, int everyEpochs) {
        checkDecay(lr, gamma, everyEpochs);
        return new StepDecay(lr, gamma, everyEpochs, false);
    }

    /**
     * {@code lr · gamma^floor(iteration / everyIterations)}: cs231n's "decay once per epoch" where an
     * epoch is a fixed number of sampled iterations.
     */
    static LearningRateSchedule stepDecayEveryIterations(double lr, double gamma, long everyIterations) {
        checkDecay(lr, gamma, everyIterations);
        return new StepDecay(lr, gamma, everyIterations, true);
    }

    /** {@code lr · gamma^epoch} (PyTorch {@code ExponentialLR}). */
    static LearningRateSchedule exponential(double lr, double gamma) {
        checkDecay(lr, gamma, 1);
        return new StepDecay(lr, gamma, 1, false);
    }

    /**
     * Cosine annealing from {@code lr} to {@code minLr} over {@code totalIterations}, then
     * {@code minLr} (PyTorch {@code CosineAnnealingLR} without restarts, per iteration).
     */
    static LearningRateSchedule cosine(double lr, double minLr, long totalIterations) {
        Optimizer.checkLearningRate(lr);
        if (!(minLr >= 0 && minLr <= lr) || totalIterations <= 0) {
            throw new IllegalArgumentException("cosine schedule needs 0 <= min_lr <= lr and total iterations > 0, got "
                    + "min_lr=" + minLr + ", lr=" + lr + ", total=" + totalIterations);
        }
        return new Cosine(lr, minLr, totalIterations);
    }

    /** A constant rate. */
    record Constant(double lr) implements LearningRateSchedule {
        @Override
        public double rate(long iteration, int epoch) {
            return lr;
        }
    }

    /** Multiplies by {@code gamma} every {@code every} epochs (or iterations). */
    record StepDecay(double lr, double gamma, long every, boolean perIteration) implements LearningRateSchedule {
        @Override
        public double rate(long iteration, int epoch) {
            return lr * Math.pow(gamma, (perIteration ? iteration : epoch) / every);
        }
    }

    /** Cosine annealing per iteration. */
    record Cosine(double lr, double minLr, long totalIterations) implements LearningRateSchedule {
        @Override
        public double rate(long iteration, int epoch) {
            if (iteration >= totalIterations) {
                return minLr;
            }
            return minLr + (lr - minLr) * (1 + Math.cos(Math.PI * iteration / totalIterations)) / 2;
        }
    }

    private static void checkDecay(double lr, double gamma, long every) {
        Optimizer.checkLearningRate(lr);
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("decay factor gamma must be in (0, 1], got " + gamma);
        }
        if (every <= 0) {
            throw new IllegalArgumentException("decay period must be positive, got " + every);
        }
    }
}
