package dev.backprop.train;

/**
 * The loss became NaN or infinite. The network holds the last good weights (the best validated
 * ones, or those before the diverging step), and {@link #history()} what was recorded up to then.
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient History history;
    private final long step;

    /**
     * @param step         the step whose loss was not finite (1-based)
     * @param loss         that loss
     * @param learningRate the learning rate in use
     */
    public TrainingDivergedException(long step, int epoch, double loss, double learningRate, History history) {
        super(String.format(java.util.Locale.ROOT, "training diverged at step %d (epoch %d): the loss is %s;"
                + " try a smaller learning rate than %g", step, epoch + 1, loss, learningRate));
        this.step = step;
        this.history = history;
    }

    /** The step whose loss was not finite (1-based). */
    public long step() {
        return step;
    }

    /** What was recorded before divergence. */
    public History history() {
        return history;
    }
}
