package dev.backprop.report;

import java.util.Arrays;

/** The few order statistics the charts need to pick axis ranges that outliers cannot hijack. */
final class Stats {

    private Stats() {
    }

    /** The finite values of {@code values}, sorted ascending. */
    static double[] finiteSorted(double[] values) {
        double[] out = Arrays.stream(values).filter(Double::isFinite).toArray();
        Arrays.sort(out);
        return out;
    }

    /**
     * The {@code p}-quantile (0 &lt;= p &lt;= 1) of ascending {@code sorted}, interpolating linearly
     * between neighbours; NaN when empty.
     */
    static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * A top for a y axis that a handful of huge values cannot drive: the 99th percentile, or lower
     * when the largest values are gross outliers. The percentile alone is not enough for short
     * series, where it is the maximum. A top group of at most 5% of the values (at least one) is
     * an outlier group when its smallest member lies more than 20 times further above the median
     * than the rest's largest value does, that distance counting as at least 10% of the median's
     * size. A genuine steep start is a sequence of values without such a gap and keeps its
     * height. NaN when there are no finite values.
     */
    static double robustTop(double[] values) {
        double[] v = finiteSorted(values);
        int n = v.length;
        if (n == 0) {
            return Double.NaN;
        }
        double median = quantile(v, 0.5);
        double top = quantile(v, 0.99);
        int limit = Math.max(1, n / 20);
        for (int k = limit; k >= 1; k--) { // the largest outlier group wins
            if (k >= n) {
                continue;
            }
            double lowestOutlier = v[n - k];
            double restMax = v[n - 1 - k];
            double scale = Math.max(restMax - median, 0.1 * Math.abs(median));
            if (lowestOutlier - median > 20 * scale && scale > 0) {
                return Math.min(top, restMax);
            }
        }
        return top;
    }
}
