package dev.backprop.data;

import static dev.backprop.data.DataTestFiles.assertMessage;
import static dev.backprop.data.DataTestFiles.bytes;
import static dev.backprop.data.DataTestFiles.counting;
import static dev.backprop.data.DataTestFiles.gzip;
import static dev.backprop.data.DataTestFiles.idx;
import static dev.backprop.data.DataTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MnistFormat}: image and label IDX files combined into {@link LabeledImages}, and mismatches refused. */
class MnistFormatTest {

    /** Three 2x3 images. */
    private static final byte[] IMAGES = idx(new int[] {3, 2, 3}, counting(18, 250));
    private static final byte[] LABELS = idx(new int[] {3}, bytes(2, 0, 9));

    @TempDir
    Path dir;

    @Test
    void knownAnswerFromRawFiles() throws IOException {
        Path images = write(dir, "images-idx3-ubyte", IMAGES);
        Path labels = write(dir, "labels-idx1-ubyte", LABELS);

        LabeledImages set = MnistFormat.read(images, labels, "tiny", MnistFormat.MNIST_CLASSES);

        assertEquals("tiny", set.name());
        assertEquals(3, set.count());
        assertEquals(new ImageShape(1, 2, 3), set.shape());
        assertArrayEquals(new int[] {2, 0, 9}, set.labels());
        assertEquals(250, set.pixel(0, 0));
        assertEquals(255, set.pixel(0, 5));
        assertEquals(0, set.pixel(1, 0)); // 256 wraps to 0: bytes are read as unsigned
        assertEquals(11, set.pixel(2, 5));
        assertEquals(MnistFormat.MNIST_CLASSES, set.classNames());
    }

    @Test
    void gzippedFilesAndStreamsGiveTheSameImages() throws IOException {
        Path images = write(dir, "images.gz", gzip(IMAGES));
        Path labels = write(dir, "labels.gz", gzip(LABELS));

        LabeledImages fromFiles = MnistFormat.read(images, labels, "gz", MnistFormat.FASHION_MNIST_CLASSES);
        LabeledImages fromStreams = MnistFormat.read(new ByteArrayInputStream(IMAGES), "images", new ByteArrayInputStream(LABELS),
                "labels", "streams", MnistFormat.FASHION_MNIST_CLASSES);

        assertArrayEquals(fromFiles.pixels(), fromStreams.pixels());
        assertArrayEquals(fromFiles.labels(), fromStreams.labels());
        assertArrayEquals(counting(18, 250), fromFiles.pixels());
        assertEquals("Ankle boot", fromFiles.classNames().get(fromFiles.label(2)));
    }

    @Test
    void readsClasspathResources() throws IOException {
        try (InputStream images = getClass().getResourceAsStream("tiny-images-idx3-ubyte.gz");
                InputStream labels = getClass().getResourceAsStream("tiny-labels-idx1-ubyte")) {
            assertNotNull(images, "test resource missing");
            assertNotNull(labels, "test resource missing");
            LabeledImages set = MnistFormat.read(images, "tiny-images", labels, "tiny-labels", "tiny", MnistFormat.MNIST_CLASSES);

            assertEquals(new ImageShape(1, 2, 2), set.shape());
            assertArrayEquals(new int[] {7, 0, 9}, set.labels());
            assertEquals(254, set.pixel(0, 3));
            assertEquals(203, set.pixel(2, 3));
        }
    }

    @Test
    void classNameConstants() {
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), MnistFormat.MNIST_CLASSES);
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                "Ankle boot"), MnistFormat.FASHION_MNIST_CLASSES);
    }

    @Test
    void countMismatchNamesBothFilesAndCounts() throws IOException {
        Path images = write(dir, "train-images", IMAGES);
        Path labels = write(dir, "test-labels", idx(new int[] {2}, bytes(1, 2)));

        DataException e = assertThrows(DataException.class,
                () -> MnistFormat.read(images, labels, "mixed", MnistFormat.MNIST_CLASSES));

        assertMessage(e, "mixed: ", images + " holds 3 images", labels + " holds 2 labels");
        assertNotNull(e.help());
    }

    @Test
    void labelOutOfRangeNamesFileImageAndLabel() throws IOException {
        Path images = write(dir, "images", IMAGES);
        Path labels = write(dir, "labels", idx(new int[] {3}, bytes(0, 10, 1)));

        DataException e = assertThrows(DataException.class,
                () -> MnistFormat.read(images, labels, "bad labels", MnistFormat.MNIST_CLASSES));

        assertMessage(e, labels + ": label 10 of image 1 is outside 0..9 (10 classes)");
    }

    @Test
    void labelAsUnsignedByte() throws IOException {
        Path images = write(dir, "images", IMAGES);
        Path labels = write(dir, "labels", idx(new int[] {3}, bytes(0, 1, 200)));

        DataException e = assertThrows(DataException.class,
                () -> MnistFormat.read(images, labels, "x", MnistFormat.MNIST_CLASSES));

        assertMessage(e, "label 200 of image 2");
    }

    @Test
    void swappedFilesAreRecognised() throws IOException {
        Path images = write(dir, "images", IMAGES);
        Path labels = write(dir, "labels", LABELS);

        DataException e = assertThrows(DataException.class,
                () -> MnistFormat.read(labels, images, "swapped", MnistFormat.MNIST_CLASSES));

        // Labels are read first, so the images file, given as labels, is the one reported.
        assertMessage(e, images + ": expected labels as a 1-dimensional IDX array", "found 3 dimensions [3, 2, 3]",
                "is this the images file?");
    }

    @Test
    void imagesMustBeThreeDimensional() throws IOException {
        Path flat = write(dir, "flat-images", idx(new int[] {3, 6}, counting(18, 0)));
        Path labels = write(dir, "labels", LABELS);

        DataException e = assertThrows(DataException.class,
                () -> MnistFormat.read(flat, labels, "flat", MnistFormat.MNIST_CLASSES));

        assertMessage(e, flat + ": expected images as a 3-dimensional IDX array [images, rows, columns]",
                "found 2 dimensions [3, 6]");
    }

    @Test
    void noImages() throws IOException {
        Path images = write(dir, "none", idx(new int[] {0, 28, 28}, new byte[0]));
        Path labels = write(dir, "labels", idx(new int[] {0}, new byte[0]));

        DataException e = assertThrows(DataException.class,
                () -> MnistFormat.read(images, labels, "none", MnistFormat.MNIST_CLASSES));

        assertMessage(e, images + ": holds no image data", "[0, 28, 28]");
    }

    @Test
    void missingLabelsFile() throws IOException {
        Path images = write(dir, "images", IMAGES);
        Path labels = dir.resolve("train-labels-idx1-ubyte.gz");

        DataException e = assertThrows(DataException.class,
                () -> MnistFormat.read(images, labels, "x", MnistFormat.MNIST_CLASSES));

        assertMessage(e, labels + ": file not found");
    }

    @Test
    void emptyClassNamesAreAProgrammingError() throws IOException {
        Path images = write(dir, "images", IMAGES);
        Path labels = write(dir, "labels", LABELS);

        assertThrows(IllegalArgumentException.class, () -> MnistFormat.read(images, labels, "x", List.of()));
    }
}
