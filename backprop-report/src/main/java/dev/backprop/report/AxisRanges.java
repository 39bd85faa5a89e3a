package dev.backprop.report;

import java.util.Arrays;

/** Axis ranges chosen for a reader: what the curves show, not whatever the most extreme value demands. */
final class AxisRanges {

    private AxisRanges() {
    }

    /** [0 or a bit below the lowest value, 110% of a robust top]. */
    static double[] lossRange(double[] values) {
        double[] v = Stats.finiteSorted(values);
        if (v.length == 0) {
            return new double[] {0, 1};
        }
        double top = Stats.robustTop(v);
        double low = v[0] >= 0 ? 0 : v[0] - 0.05 * (top - v[0]);
        double high = low + 1.1 * (top - low);
        if (!(high > low)) {
            high = low + Math.max(1, Math.abs(low));
        }
        return new double[] {low, high};
    }

    /**
     * From a little below the 5th percentile to a little above the highest accuracy, on round
     * numbers, and never beyond 100%. The top stops short of 100% only when the accuracies do
     * (CIFAR-10 at 50%, say), so that the runs are not squeezed into the lower half. A curve at
     * 100% stays visible: XChart keeps a margin between the axis range and the plot border.
     */
    static double[] accuracyRange(double[] percents) {
        double[] v = Stats.finiteSorted(percents);
        if (v.length == 0) {
            return new double[] {0, 100};
        }
        double p5 = Math.min(Stats.quantile(v, 0.05), 99);
        double max = Math.min(v[v.length - 1], 100);
        double margin = Math.max(1, 0.1 * (max - p5));
        double span = max - p5 + 2 * margin;
        double unit = span > 20 ? 10 : span > 8 ? 2 : 1;
        double low = Math.max(0, Math.floor((p5 - margin) / unit) * unit);
        double high = Math.min(100, Math.ceil((max + margin) / unit) * unit);
        return new double[] {low, high};
    }

    /** Data range with a margin, so no marker sits on the plot border. */
    static double[] paddedRange(double[] values, boolean log) {
        double min = Arrays.stream(values).min().orElseThrow();
        double max = Arrays.stream(values).max().orElseThrow();
        if (log) {
            double margin = Math.max(0.15, 0.06 * Math.log10(max / min));
            return new double[] {min / Math.pow(10, margin), max * Math.pow(10, margin)};
        }
        double span = max - min;
        double pad = span > 0 ? 0.08 * span : Math.max(Math.abs(max) * 0.1, 1e-3);
        return new double[] {min - pad, max + pad};
    }
}
