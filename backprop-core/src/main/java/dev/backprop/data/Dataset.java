package dev.backprop.data;

import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Examples ready for a network: a feature matrix [n, features] (one contiguous array, row i is
 * example i) and a class label per row, with the class names.
 *
 * <p>Row ranges are views ({@link #slice}); other selections copy. Produced from
 * {@link LabeledImages} by a {@link Preprocessor}.
 *
 * <pre>{@code
 * Dataset train = preprocessor.apply(images);          // [60000, 785] float32
 * Dataset.Split parts = train.split(10_000, Rng.derive(seed, "split"));
 * }</pre>
 */
public final class Dataset {

    private final String name;
    private final Matrix features;
    private final int[] labels;
    private final int labelOffset;
    private final List<String> classNames;

    /**
     * @param features   [n, d], kept (not copied)
     * @param labels     class indices; row i's label is {@code labels[labelOffset + i]}
     * @param classNames names of the classes
     * @throws IllegalArgumentException if the label array is too short or a label is out of range
     */
    public Dataset(String name, Matrix features, int[] labels, int labelOffset, List<String> classNames) {
        this.name = Objects.requireNonNull(name, "name");
        this.features = Objects.requireNonNull(features, "features");
        this.classNames = List.copyOf(classNames);
        if (labelOffset < 0 || labelOffset + features.rows() > labels.length) {
            throw new IllegalArgumentException(name + ": " + features.rows() + " rows need labels ["
                    + labelOffset + ", " + (labelOffset + features.rows()) + "), the label array has " + labels.length);
        }
        for (int i = labelOffset; i < labelOffset + features.rows(); i++) {
            if (labels[i] < 0 || labels[i] >= this.classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of row " + (i - labelOffset)
                        + " is outside 0.." + (this.classNames.size() - 1));
            }
        }
        this.labels = labels;
        this.labelOffset = labelOffset;
    }

    /** What the data is, for messages and reports. */
    public String name() {
        return name;
    }

    /** Number of examples. */
    public int size() {
        return features.rows();
    }

    /** Number of features per example. */
    public int featureCount() {
        return features.cols();
    }

    /** The features [n, d] (not a copy). */
    public Matrix features() {
        return features;
    }

    /** The backing label array; example i's label is at {@link #labelOffset()} + i. */
    public int[] labelArray() {
        return labels;
    }

    /** Where this dataset's labels start in {@link #labelArray()}. */
    public int labelOffset() {
        return labelOffset;
    }

    /** Label of example i. */
    public int label(int i) {
        return labels[labelOffset + Objects.checkIndex(i, size())];
    }

    /** The labels as a new array. */
    public int[] labels() {
        return java.util.Arrays.copyOfRange(labels, labelOffset, labelOffset + size());
    }

    /** Class names by label. */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of classes. */
    public int classCount() {
        return classNames.size();
    }

    /** Examples {@code [from, to)} as a view sharing features and labels. */
    public Dataset slice(int from, int to) {
        return new Dataset(name, features.rows(from, to), labels, labelOffset + from, classNames);
    }

    /** The examples at {@code indices}, in that order (copied). */
    public Dataset select(int[] indices) {
        Matrix x = Matrix.zeros(features.dtype(), indices.length, features.cols());
        dev.backprop.tensor.Elementwise.gatherRows(features, indices, 0, x);
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            y[k] = labels[labelOffset + indices[k]];
        }
        return new Dataset(name, x, y, 0, classNames);
    }

    /** The same examples under another name. */
    public Dataset named(String newName) {
        return new Dataset(newName, features, labels, labelOffset, classNames);
    }

    /** The same examples converted to {@code dtype} (this one if it already is). */
    public Dataset toDType(DType dtype) {
        if (features.dtype() == dtype) {
            return this;
        }
        Matrix x = Matrix.zeros(dtype, features.rows(), features.cols());
        x.copyFrom(features);
        return new Dataset(name, x, labels, labelOffset, classNames);
    }

    /** Targets as one-hot rows [n, classes] of {@code dtype}. */
    public Matrix oneHot(DType dtype) {
        Matrix out = Matrix.zeros(dtype, size(), classCount());
        for (int i = 0; i < size(); i++) {
            out.set(i, label(i), 1.0);
        }
        return out;
    }

    /** Number of examples per class. */
    public int[] classCounts() {
        int[] counts = new int[classCount()];
        for (int i = 0; i < size(); i++) {
            counts[label(i)]++;
        }
        return counts;
    }

    /** Two disjoint parts of a dataset. */
    public record Split(Dataset train, Dataset validation) {
    }

    /**
     * A seeded random split: {@code validationCount} examples go to validation, the rest to
     * training, each part keeping the original order of its examples.
     */
    public Split split(int validationCount, Rng rng) {
        if (validationCount < 0 || validationCount > size()) {
            throw new IllegalArgumentException(name + ": cannot hold out " + validationCount + " of " + size() + " examples");
        }
        int[] perm = rng.permutation(size());
        int[] val = java.util.Arrays.copyOf(perm, validationCount);
        int[] train = java.util.Arrays.copyOfRange(perm, validationCount, perm.length);
        java.util.Arrays.sort(val);
        java.util.Arrays.sort(train);
        return new Split(select(train).named(name + " (train part)"), select(val).named(name + " (validation part)"));
    }

    /** A seeded random split holding out {@code fraction} (in [0, 1]) of the examples, rounded. */
    public Split split(double fraction, Rng rng) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException(name + ": validation fraction must be in [0, 1], got " + fraction);
        }
        return split((int) Math.round(fraction * size()), rng);
    }

    /** Concatenates datasets with the same features and classes (copied). */
    public static Dataset concat(String name, List<Dataset> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        Dataset first = parts.get(0);
        int rows = 0;
        for (Dataset d : parts) {
            if (d.featureCount() != first.featureCount() || !d.classNames.equals(first.classNames)
                    || d.features.dtype() != first.features.dtype()) {
                throw new IllegalArgumentException("cannot concatenate " + d.name + " to " + first.name
                        + ": features, classes or dtypes differ");
            }
            rows = Math.addExact(rows, d.size());
        }
        Matrix x = Matrix.zeros(first.features.dtype(), rows, first.featureCount());
        int[] y = new int[rows];
        int at = 0;
        List<Dataset> all = new ArrayList<>(parts);
        for (Dataset d : all) {
            x.rows(at, at + d.size()).copyFrom(d.features);
            System.arraycopy(d.labels, d.labelOffset, y, at, d.size());
            at += d.size();
        }
        return new Dataset(name, x, y, 0, first.classNames);
    }

    @Override
    public String toString() {
        return name + ": " + size() + " examples of " + featureCount() + " features (" + features.dtype() + "), "
                + classCount() + " classes";
    }
}
