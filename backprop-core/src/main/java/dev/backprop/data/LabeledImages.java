package dev.backprop.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Images as read from a dataset's files: 8-bit pixels for all images in one contiguous array
 * (image i occupies {@code [i·shape.size(), (i+1)·shape.size())}), a class label per image, and the
 * class names. Selections ({@link #slice}, {@link #select}, {@link #keepClasses}) work on these raw
 * bytes before anything is converted to floating point.
 */
public final class LabeledImages {

    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final ImageShape shape;
    private final List<String> classNames;

    /**
     * @param name       what the images are, for messages (e.g. {@code mnist train})
     * @param pixels     all images back to back, not copied
     * @param labels     one label per image in [0, classNames.size()), not copied
     * @param shape      shape of one image
     * @param classNames name of each class index
     * @throws IllegalArgumentException if the sizes disagree or a label is out of range
     */
    public LabeledImages(String name, byte[] pixels, int[] labels, ImageShape shape, List<String> classNames) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.classNames = List.copyOf(classNames);
        if ((long) labels.length * shape.size() != pixels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels need " + (long) labels.length * shape.size()
                    + " pixel values of " + shape + " images, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= this.classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i + " is outside 0.."
                        + (this.classNames.size() - 1));
            }
        }
        this.pixels = pixels;
        this.labels = labels;
    }

    /** What the images are, e.g. {@code mnist train}. */
    public String name() {
        return name;
    }

    /** Number of images. */
    public int count() {
        return labels.length;
    }

    /** Shape of one image. */
    public ImageShape shape() {
        return shape;
    }

    /** Class names by label. */
    public List<String> classNames() {
        return classNames;
    }

    /** The backing pixel array (not a copy: do not modify). */
    public byte[] pixels() {
        return pixels;
    }

    /** Pixel {@code j} of image {@code i} as 0..255. */
    public int pixel(int i, int j) {
        Objects.checkIndex(i, count());
        Objects.checkIndex(j, shape.size());
        return pixels[i * shape.size() + j] & 0xFF;
    }

    /** The backing label array (not a copy: do not modify). */
    public int[] labels() {
        return labels;
    }

    /** Label of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Images {@code [from, to)} (copied). */
    public LabeledImages slice(int from, int to) {
        if (from < 0 || to > count() || from > to) {
            throw new IndexOutOfBoundsException(name + ": slice [" + from + ", " + to + ") is outside 0.." + count());
        }
        int size = shape.size();
        return new LabeledImages(name, Arrays.copyOfRange(pixels, from * size, to * size),
                Arrays.copyOfRange(labels, from, to), shape, classNames);
    }

    /** The first {@code n} images (copied); all of them if there are fewer. */
    public LabeledImages first(int n) {
        return slice(0, Math.min(count(), requireCount(n)));
    }

    /** The last {@code n} images (copied); all of them if there are fewer. */
    public LabeledImages last(int n) {
        return slice(Math.max(0, count() - requireCount(n)), count());
    }

    private int requireCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": cannot take " + n + " images");
        }
        return n;
    }

    /** The images at {@code indices}, in that order (copied). */
    public LabeledImages select(int[] indices) {
        int size = shape.size();
        byte[] p = new byte[Math.multiplyExact(indices.length, size)];
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], count());
            System.arraycopy(pixels, i * size, p, k * size, size);
            l[k] = labels[i];
        }
        return new LabeledImages(name, p, l, shape, classNames);
    }

    /**
     * Only the images of the given classes, relabelled by their position in {@code classes}: for
     * TDT4265's "2 (label 1) vs 3 (label 0)" use {@code keepClasses(3, 2)}.
     *
     * @throws IllegalArgumentException for an unknown or repeated class
     */
    public LabeledImages keepClasses(int... classes) {
        int[] newLabel = new int[classNames.size()];
        java.util.Arrays.fill(newLabel, -1);
        List<String> names = new java.util.ArrayList<>();
        for (int k = 0; k < classes.length; k++) {
            int c = classes[k];
            if (c < 0 || c >= classNames.size()) {
                throw new IllegalArgumentException(name + ": class " + c + " does not exist; classes are 0.."
                        + (classNames.size() - 1));
            }
            if (newLabel[c] >= 0) {
                throw new IllegalArgumentException(name + ": class " + c + " is listed twice");
            }
            newLabel[c] = k;
            names.add(classNames.get(c));
        }
        int kept = 0;
        for (int label : labels) {
            kept += newLabel[label] >= 0 ? 1 : 0;
        }
        int size = shape.size();
        byte[] p = new byte[Math.multiplyExact(kept, size)];
        int[] l = new int[kept];
        int at = 0;
        for (int i = 0; i < labels.length; i++) {
            if (newLabel[labels[i]] >= 0) {
                System.arraycopy(pixels, i * size, p, at * size, size);
                l[at++] = newLabel[labels[i]];
            }
        }
        return new LabeledImages(name, p, l, shape, names);
    }

    /** A copy with another name (for messages). */
    public LabeledImages named(String newName) {
        return new LabeledImages(newName, pixels, labels, shape, classNames);
    }

    @Override
    public String toString() {
        return name + ": " + count() + " images of " + shape + ", " + classNames.size() + " classes";
    }
}
