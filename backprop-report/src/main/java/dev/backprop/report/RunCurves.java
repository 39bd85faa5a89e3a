package dev.backprop.report;

import java.util.List;

/**
 * What the training curves of one run are drawn from: the loss of every step and the validation
 * points, as a run's {@code steps.csv} and {@code validations.csv} hold them.
 *
 * @param name            the run's name (legend)
 * @param stepLoss        loss of step 1, 2, ... (NaN where not finite)
 * @param batchesPerEpoch steps per epoch, to draw against epochs
 * @param validations     validation points in order
 */
public record RunCurves(String name, double[] stepLoss, int batchesPerEpoch, List<Point> validations) {

    /**
     * One validation point.
     *
     * @param step               steps done
     * @param trainLoss          data loss on the training set
     * @param trainAccuracy      accuracy on the training set
     * @param validationLoss     data loss on the validation set (NaN without one)
     * @param validationAccuracy accuracy on the validation set (NaN without one)
     */
    public record Point(long step, double trainLoss, double trainAccuracy, double validationLoss,
                        double validationAccuracy) {
    }
}
