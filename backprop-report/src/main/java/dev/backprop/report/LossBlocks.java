package dev.backprop.report;

import java.util.Arrays;

/**
 * A step-loss series summarised over consecutive blocks of steps, as the TDT4265 starter code
 * plots it: the mean of each block, drawn at the block's middle step, and a band of ±1 standard
 * deviation around it. The band is clipped to the block's smallest and largest loss, so it never
 * claims a value that did not occur (a negative loss, say).
 *
 * @param window steps per block actually used
 * @param step   middle step of each block (steps count from 1)
 * @param mean   mean loss of each block
 * @param low    lower edge of the band
 * @param high   upper edge of the band
 */
record LossBlocks(int window, double[] step, double[] mean, double[] low, double[] high) {

    /**
     * Summarises {@code stepLoss} (index i is step i + 1) in blocks of {@code window} steps,
     * widened so that there are at most {@code maxBlocks} blocks: more points than the plot has
     * pixels only turn the line into a scribble. Non-finite losses are skipped; a block without a
     * finite loss leaves no point. A short last block is dropped unless it is the only one, so its
     * larger noise does not end the curve with a spike.
     */
    static LossBlocks of(double[] stepLoss, int window, int maxBlocks) {
        if (window < 1) {
            throw new IllegalArgumentException("the moving-average window must be at least 1 step, got " + window);
        }
        int w = Math.max(window, (stepLoss.length + maxBlocks - 1) / maxBlocks);
        int blocks = (stepLoss.length + w - 1) / w;
        double[] step = new double[blocks];
        double[] mean = new double[blocks];
        double[] low = new double[blocks];
        double[] high = new double[blocks];
        int n = 0;
        for (int b = 0; b < blocks; b++) {
            int from = b * w;
            int to = Math.min(stepLoss.length, from + w);
            if (to - from < (w + 1) / 2 && blocks > 1) {
                continue;
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int count = 0;
            for (int i = from; i < to; i++) {
                double v = stepLoss[i];
                if (Double.isFinite(v)) {
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    count++;
                }
            }
            if (count == 0) {
                continue;
            }
            double m = sum / count;
            double squares = 0;
            for (int i = from; i < to; i++) {
                double v = stepLoss[i];
                if (Double.isFinite(v)) {
                    squares += (v - m) * (v - m);
                }
            }
            double sd = Math.sqrt(squares / count);
            step[n] = from + (to - from + 1) / 2.0;
            mean[n] = m;
            low[n] = Math.max(m - sd, min);
            high[n] = Math.min(m + sd, max);
            n++;
        }
        return new LossBlocks(w, Arrays.copyOf(step, n), Arrays.copyOf(mean, n), Arrays.copyOf(low, n),
                Arrays.copyOf(high, n));
    }

    /** Number of points. */
    int size() {
        return mean.length;
    }
}
