package dev.backprop.data;

import dev.backprop.tensor.Matrix;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Preprocessing} recipe with its statistics fitted on training images: applies the same
 * transformation to any images (training, validation, test, or one image to classify), and
 * describes itself so a saved model can apply it again.
 */
public final class Preprocessor {

    private final Preprocessing recipe;
    private final int inputSize;
    private final double mean;
    private final double std;
    private final double[] meanImage;

    /**
     * Restores a fitted preprocessor from its recorded statistics.
     *
     * @param inputSize values per image
     * @param mean      training mean after scaling (used when standardising)
     * @param std       training population std after scaling (used when standardising; &gt; 0)
     * @param meanImage per-feature training mean after scaling and standardising, or null
     */
    public Preprocessor(Preprocessing recipe, int inputSize, double mean, double std, double[] meanImage) {
        this.recipe = recipe;
        this.inputSize = inputSize;
        if (recipe.standardize() && !(std > 0 && Double.isFinite(std) && Double.isFinite(mean))) {
            throw new IllegalArgumentException("standardisation needs a finite mean and a std > 0, got mean=" + mean
                    + ", std=" + std + " (are all training pixels equal?)");
        }
        if (recipe.subtractMeanImage() && (meanImage == null || meanImage.length != inputSize)) {
            throw new IllegalArgumentException("mean-image subtraction needs a mean image of " + inputSize + " values");
        }
        this.mean = mean;
        this.std = std;
        this.meanImage = meanImage == null ? null : meanImage.clone();
    }

    static Preprocessor fit(Preprocessing recipe, LabeledImages train) {
        if (train.count() == 0) {
            throw new IllegalArgumentException(train.name() + ": cannot fit preprocessing on no images");
        }
        int size = train.shape().size();
        byte[] pixels = train.pixels();
        double mean = Double.NaN;
        double std = Double.NaN;
        PixelScaling scaling = recipe.scaling();
        if (recipe.standardize()) {
            // Exact integer sums of the 8-bit values: the statistics do not depend on summation order.
            long sum = 0;
            long sumSquares = 0;
            for (byte b : pixels) {
                int v = b & 0xFF;
                sum += v;
                sumSquares += (long) v * v;
            }
            double n = pixels.length;
            double rawMean = sum / n;
            double rawVariance = Math.max(0, sumSquares / n - rawMean * rawMean);
            // Scaling is affine, a·v + c: mean and std transform accordingly.
            double a = scaling.apply(1) - scaling.apply(0);
            mean = scaling.apply(0) + a * rawMean;
            std = Math.abs(a) * Math.sqrt(rawVariance);
        }
        double[] meanImage = null;
        if (recipe.subtractMeanImage()) {
            meanImage = new double[size];
            long[] sums = new long[size];
            for (int i = 0; i < train.count(); i++) {
                int base = i * size;
                for (int j = 0; j < size; j++) {
                    sums[j] += pixels[base + j] & 0xFF;
                }
            }
            Preprocessor partial = new Preprocessor(new Preprocessing(scaling, recipe.standardize(), false, false,
                    recipe.dtype()), size, mean, std, null);
            for (int j = 0; j < size; j++) {
                // the mean of an affine map of the pixels is the map of their mean
                meanImage[j] = partial.valueOf((double) sums[j] / train.count());
            }
        }
        return new Preprocessor(recipe, size, mean, std, meanImage);
    }

    /** Scaling and standardisation of one (possibly fractional) pixel value. */
    private double valueOf(double pixel) {
        PixelScaling s = recipe.scaling();
        double a = s.apply(1) - s.apply(0);
        double v = s.apply(0) + a * pixel;
        return recipe.standardize() ? (v - mean) / std : v;
    }

    /** The recipe. */
    public Preprocessing recipe() {
        return recipe;
    }

    /** Number of features produced per image (input size, plus one with a bias column). */
    public int featureCount() {
        return inputSize + (recipe.biasColumn() ? 1 : 0);
    }

    /** Values per input image. */
    public int inputSize() {
        return inputSize;
    }

    /** The fitted mean (NaN when not standardising). */
    public double mean() {
        return mean;
    }

    /** The fitted population standard deviation (NaN when not standardising). */
    public double std() {
        return std;
    }

    /** The fitted mean image (a copy), or null. */
    public double[] meanImage() {
        return meanImage == null ? null : meanImage.clone();
    }

    /**
     * Transforms {@code images} into a {@link Dataset} of [count, featureCount()] features.
     *
     * @throws IllegalArgumentException if the images are not the size this was fitted on
     */
    public Dataset apply(LabeledImages images) {
        int size = images.shape().size();
        if (size != inputSize) {
            throw new IllegalArgumentException(images.name() + ": images have " + size + " values (" + images.shape()
                    + "), this preprocessing was fitted on images of " + inputSize);
        }
        int n = images.count();
        int cols = featureCount();
        Matrix x = Matrix.zeros(recipe.dtype(), n, cols);
        // A lookup table of the 256 possible values: exact, and far faster than recomputing.
        double[] table = new double[256];
        for (int v = 0; v < 256; v++) {
            table[v] = valueOf(v);
        }
        byte[] pixels = images.pixels();
        double[] row = new double[cols];
        for (int i = 0; i < n; i++) {
            int base = i * size;
            for (int j = 0; j < size; j++) {
                double v = table[pixels[base + j] & 0xFF];
                row[j] = meanImage == null ? v : v - meanImage[j];
            }
            if (recipe.biasColumn()) {
                row[size] = 1.0;
            }
            x.rows(i, i + 1).copyFrom(Matrix.wrap(row, 1, cols));
        }
        return new Dataset(images.name(), x, images.labels(), 0, images.classNames());
    }

    /** What was done and with which fitted values, for model files and reports. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("scaling", recipe.scaling().label());
        d.put("standardize", recipe.standardize());
        if (recipe.standardize()) {
            d.put("mean", mean);
            d.put("std", std);
        }
        d.put("subtract_mean_image", recipe.subtractMeanImage());
        d.put("bias_column", recipe.biasColumn());
        d.put("input_size", inputSize);
        d.put("dtype", recipe.dtype().label());
        return d;
    }

    @Override
    public String toString() {
        return describe().toString();
    }
}
