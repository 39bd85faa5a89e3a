package dev.backprop.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Training curves shaped like real ones (noisy decaying loss, rising accuracy), for chart tests. */
final class SyntheticRuns {

    private SyntheticRuns() {
    }

    /**
     * A run of {@code epochs} × {@code batchesPerEpoch} steps whose loss decays from about 2.3 to
     * {@code finalLoss}, validated {@code validationsPerEpoch} times an epoch.
     */
    static RunCurves run(String name, int epochs, int batchesPerEpoch, int validationsPerEpoch, double finalLoss,
                         double overfit, long seed) {
        Random random = new Random(seed);
        int steps = epochs * batchesPerEpoch;
        double[] loss = new double[steps];
        for (int i = 0; i < steps; i++) {
            double t = (double) (i + 1) / batchesPerEpoch;
            double mean = loss(t, finalLoss);
            loss[i] = Math.max(0.005, mean * (1 + 0.35 * random.nextGaussian()));
        }
        List<RunCurves.Point> points = new ArrayList<>();
        int every = batchesPerEpoch / validationsPerEpoch;
        for (long step = every; step <= steps; step += every) {
            double t = (double) step / batchesPerEpoch;
            double train = loss(t, finalLoss) * 0.95;
            double valid = loss(t, finalLoss) * 1.08 + overfit * t / epochs;
            points.add(new RunCurves.Point(step, train, accuracy(train), valid, accuracy(valid) - 0.004 * random.nextDouble()));
        }
        return new RunCurves(name, loss, batchesPerEpoch, points);
    }

    private static double loss(double epoch, double finalLoss) {
        return finalLoss + (2.3 - finalLoss) * Math.exp(-epoch * 3);
    }

    private static double accuracy(double loss) {
        return Math.min(1, Math.max(0.1, 1 - 0.42 * loss));
    }
}
