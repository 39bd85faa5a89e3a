package dev.backprop.data;

import java.util.Locale;

/**
 * Facts users check first about a set of images: how many, how many per class, and the mean and
 * population standard deviation of all pixel values (0..255 scale). Sums are exact integers, so
 * the figures do not depend on summation order.
 *
 * @param name        what was measured
 * @param count       number of images
 * @param classCounts images per class
 * @param pixelMean   mean pixel value, 0..255 scale
 * @param pixelStd    population standard deviation of pixel values (ddof = 0, as numpy)
 */
public record DatasetStatistics(String name, int count, int[] classCounts, double pixelMean, double pixelStd) {

    /** Measures {@code images}. */
    public static DatasetStatistics of(LabeledImages images) {
        int[] counts = new int[images.classNames().size()];
        for (int label : images.labels()) {
            counts[label]++;
        }
        long sum = 0;
        long sumSquares = 0;
        for (byte b : images.pixels()) {
            int v = b & 0xFF;
            sum += v;
            sumSquares += (long) v * v;
        }
        double n = Math.max(1, images.pixels().length);
        double mean = sum / n;
        double variance = Math.max(0, sumSquares / n - mean * mean);
        return new DatasetStatistics(images.name(), images.count(), counts, mean, Math.sqrt(variance));
    }

    /** A few lines for the terminal or a report. */
    public String describe(java.util.List<String> classNames) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %,d images, pixel mean %.4f, std %.4f (0..255)%n", name, count,
                pixelMean, pixelStd));
        for (int c = 0; c < classCounts.length; c++) {
            sb.append(String.format(Locale.ROOT, "  %-12s %,7d%n", c < classNames.size() ? classNames.get(c) : c,
                    classCounts[c]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetStatistics s && name.equals(s.name) && count == s.count
                && java.util.Arrays.equals(classCounts, s.classCounts) && Double.compare(pixelMean, s.pixelMean) == 0
                && Double.compare(pixelStd, s.pixelStd) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, count, java.util.Arrays.hashCode(classCounts), pixelMean, pixelStd);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d images, classes %s, mean %.4f, std %.4f", name, count,
                java.util.Arrays.toString(classCounts), pixelMean, pixelStd);
    }
}
