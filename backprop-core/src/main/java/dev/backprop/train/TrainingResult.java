package dev.backprop.train;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param history         every step and validation
 * @param best            the best validation by the monitored metric (the last one without early stopping)
 * @param stopReason      why training ended
 * @param steps           steps taken in total
 * @param epochs          fractional epochs trained
 * @param wallSeconds     training time, including earlier parts of a resumed run
 */
public record TrainingResult(History history, Validation best, StopReason stopReason, long steps, double epochs,
                             double wallSeconds) {

    /** Why training ended. */
    public enum StopReason {
        /** The epoch limit was reached. */
        MAX_EPOCHS,
        /** The monitored metric stopped improving. */
        EARLY_STOPPED
    }
}
