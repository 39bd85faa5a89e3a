package dev.backprop.data;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an image set in the MNIST layout: an IDX file of unsigned-byte images
 * {@code [n, rows, columns]} and an IDX file of {@code n} unsigned-byte labels, each gzipped or
 * not (see {@link IdxFile}). MNIST and Fashion-MNIST both ship this way.
 *
 * <pre>{@code
 * Path dir = Path.of("data/mnist");
 * LabeledImages train = MnistFormat.read(dir.resolve("train-images-idx3-ubyte.gz"),
 *         dir.resolve("train-labels-idx1-ubyte.gz"), "mnist train", MnistFormat.MNIST_CLASSES);
 * train.count();   // 60000
 * train.shape();   // 1x28x28
 * }</pre>
 */
public final class MnistFormat {

    /** MNIST's classes: the digits "0" to "9". */
    public static final List<String> MNIST_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Fashion-MNIST's classes, by label. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private MnistFormat() {
    }

    /**
     * Reads images and their labels from two IDX files.
     *
     * @param imagesFile an IDX file of unsigned bytes with dimensions {@code [n, rows, columns]}
     * @param labelsFile an IDX file of {@code n} unsigned bytes, each less than {@code classNames.size()}
     * @param name       what the images are, for messages (e.g. {@code mnist train})
     * @param classNames the name of each label, e.g. {@link #MNIST_CLASSES}
     * @return the images as one channel of {@code rows × columns}
     * @throws DataException if either file cannot be read as IDX ({@link IdxFile#read(Path)}), has the
     *     wrong number of dimensions, holds no images, the counts differ, or a label is out of range;
     *     the message names the file(s)
     * @throws IllegalArgumentException if {@code classNames} is empty
     */
    public static LabeledImages read(Path imagesFile, Path labelsFile, String name, List<String> classNames)
            throws DataException {
        checkClassNames(classNames);
        // Labels first: they are small, so bad labels fail before the images are decompressed.
        int[] labels = labels(IdxFile.read(labelsFile), labelsFile.toString(), classNames);
        IdxArray images = IdxFile.read(imagesFile);
        return combine(images, imagesFile.toString(), labels, labelsFile.toString(), name, classNames);
    }

    /**
     * Reads images and their labels from two IDX streams, e.g. resources in a jar. The streams are
     * read to their ends and not closed.
     *
     * @param images       an IDX stream of unsigned bytes with dimensions {@code [n, rows, columns]}
     * @param imagesSource what {@code images} is, for messages
     * @param labels       an IDX stream of {@code n} unsigned bytes, each less than {@code classNames.size()}
     * @param labelsSource what {@code labels} is, for messages
     * @param name         what the images are, for messages
     * @param classNames   the name of each label
     * @return the images as one channel of {@code rows × columns}
     * @throws DataException as {@link #read(Path, Path, String, List)}, naming the sources
     * @throws IllegalArgumentException if {@code classNames} is empty
     * @see #read(Path, Path, String, List)
     */
    public static LabeledImages read(InputStream images, String imagesSource, InputStream labels, String labelsSource,
            String name, List<String> classNames) throws DataException {
        checkClassNames(classNames);
        int[] labelInts = labels(IdxFile.read(labels, labelsSource), labelsSource, classNames);
        IdxArray imageArray = IdxFile.read(images, imagesSource);
        return combine(imageArray, imagesSource, labelInts, labelsSource, name, classNames);
    }

    private static void checkClassNames(List<String> classNames) {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("classNames is empty; labels need at least one class");
        }
    }

    /** The labels as ints, checked before the (much larger) images are read. */
    private static int[] labels(IdxArray labels, String labelsSource, List<String> classNames) throws DataException {
        if (labels.rank() != 1) {
            throw new DataException(labelsSource + ": expected labels as a 1-dimensional IDX array [labels], found "
                    + labels.rank() + " dimensions " + Arrays.toString(labels.dimensions())
                    + (labels.rank() == 3 ? " (is this the images file?)" : ""));
        }
        byte[] bytes = labels.data();
        int[] ints = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ints[i] = bytes[i] & 0xFF;
            if (ints[i] >= classNames.size()) {
                throw new DataException(labelsSource + ": label " + ints[i] + " of image " + i + " is outside 0.."
                        + (classNames.size() - 1) + " (" + classNames.size() + " classes)");
            }
        }
        return ints;
    }

    private static LabeledImages combine(IdxArray images, String imagesSource, int[] labels, String labelsSource,
            String name, List<String> classNames) throws DataException {
        if (images.rank() != 3) {
            throw new DataException(imagesSource + ": expected images as a 3-dimensional IDX array [images, rows, columns], found "
                    + images.rank() + " dimensions " + Arrays.toString(images.dimensions())
                    + (images.rank() == 1 ? " (is this the labels file?)" : ""));
        }
        int n = images.dimension(0);
        int rows = images.dimension(1);
        int columns = images.dimension(2);
        if (n == 0 || rows == 0 || columns == 0) {
            throw new DataException(imagesSource + ": holds no image data: dimensions " + Arrays.toString(images.dimensions())
                    + "; expected at least one image of at least 1x1 pixels");
        }
        if (labels.length != n) {
            throw new DataException(name + ": " + imagesSource + " holds " + n + " images but " + labelsSource + " holds "
                    + labels.length + " labels; the counts must match",
                    "the two files are probably from different sets (e.g. train images with test labels)");
        }
        return new LabeledImages(name, images.data(), labels, new ImageShape(1, rows, columns), classNames);
    }
}
