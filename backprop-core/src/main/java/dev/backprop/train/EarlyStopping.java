package dev.backprop.train;

import java.util.Objects;

/**
 * When to stop: after {@code patience} validations in a row without an improvement of the monitored
 * metric by more than {@code minDelta} in its direction. The best weights are always restored.
 *
 * <pre>{@code
 * EarlyStopping tdt4265 = EarlyStopping.on(Metric.VALIDATION_LOSS, 10);    // min, 10 validations
 * }</pre>
 *
 * @param metric    what to monitor
 * @param direction explicit: smaller or larger is better
 * @param patience  validations without improvement before stopping (&gt;= 1)
 * @param minDelta  how much better counts as an improvement (&gt;= 0)
 */
public record EarlyStopping(Metric metric, Metric.Direction direction, int patience, double minDelta) {

    /** Validates the settings. */
    public EarlyStopping {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
        if (patience < 1) {
            throw new IllegalArgumentException("early-stopping patience must be at least 1 validation, got " + patience);
        }
        if (!(minDelta >= 0 && Double.isFinite(minDelta))) {
            throw new IllegalArgumentException("early-stopping min_delta must be finite and >= 0, got " + minDelta);
        }
    }

    /** Monitors {@code metric} in its natural direction with no minimum improvement. */
    public static EarlyStopping on(Metric metric, int patience) {
        return new EarlyStopping(metric, metric.naturalDirection(), patience, 0);
    }

    /** True when {@code value} is better than {@code best} by more than {@code minDelta}. */
    public boolean improves(double value, double best) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return direction == Metric.Direction.MINIMIZE ? value < best - minDelta : value > best + minDelta;
    }
}
