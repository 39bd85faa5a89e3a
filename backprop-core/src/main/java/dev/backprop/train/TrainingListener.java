package dev.backprop.train;

/**
 * Progress of a training run. Every method has an empty default, so a listener implements only what
 * it shows. Drawing progress bars belongs to the command line, not here.
 */
public interface TrainingListener {

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() { };

    /**
     * Training starts (or resumes).
     *
     * @param totalSteps   steps if no early stop happens
     * @param startStep    steps already done (non-zero when resuming from a checkpoint)
     */
    default void started(long totalSteps, long startStep) {
    }

    /** A step was taken; called every step, so keep it cheap. */
    default void step(long step, int epoch, double loss) {
    }

    /** A validation was recorded. */
    default void validated(Validation validation, boolean improved) {
    }

    /** An epoch ended (1-based count of completed epochs). */
    default void epochEnded(int epochsCompleted, Validation lastValidation) {
    }

    /** A checkpoint was written. */
    default void checkpointed(long step) {
    }
}
