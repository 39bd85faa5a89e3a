package dev.backprop.train;

/**
 * The loss (or a weight) became NaN or infinite. Training stops before the bad weights are used or
 * saved: the network holds the best validated weights when early stopping keeps them (otherwise the
 * weights at the moment of divergence), the last checkpoint written, if any, is the last good one
 * ({@link #checkpointStep()}), and {@link #history()} holds what was recorded up to then. The
 * message names the step, what was not finite and the likely cause.
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient History history;
    private final long step;
    private final String likelyCause;
    private final long checkpointStep;

    /**
     * @param step         the step whose loss was not finite (1-based)
     * @param loss         that loss
     * @param learningRate the learning rate in use
     */
    public TrainingDivergedException(long step, int epoch, double loss, double learningRate, History history) {
        this(step, epoch, "the loss is " + loss, String.format(java.util.Locale.ROOT,
                "the learning rate %g is probably too high: try a smaller learning rate", learningRate), -1, history);
    }

    /**
     * @param step           the step at which divergence was seen (1-based)
     * @param epoch          its epoch (0-based)
     * @param problem        what is not finite, e.g. "the loss is NaN"
     * @param likelyCause    the most likely reason and what to change
     * @param checkpointStep the step of the last checkpoint written, all of whose weights are finite, or -1
     * @param history        what was recorded before divergence
     */
    public TrainingDivergedException(long step, int epoch, String problem, String likelyCause, long checkpointStep,
                                     History history) {
        super(String.format(java.util.Locale.ROOT, "training diverged at step %d (epoch %d): %s; likely cause: %s",
                step, epoch + 1, problem, likelyCause));
        this.step = step;
        this.likelyCause = likelyCause;
        this.checkpointStep = checkpointStep;
        this.history = history;
    }

    /** The step at which the loss or a weight was not finite (1-based). */
    public long step() {
        return step;
    }

    /** The most likely reason, e.g. "the learning rate 10 is probably too high: ...". */
    public String likelyCause() {
        return likelyCause;
    }

    /** The step of the last (good) checkpoint written before divergence, or -1 if none was. */
    public long checkpointStep() {
        return checkpointStep;
    }

    /** What was recorded before divergence. */
    public History history() {
        return history;
    }
}
