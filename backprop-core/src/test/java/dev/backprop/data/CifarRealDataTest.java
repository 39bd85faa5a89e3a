package dev.backprop.data;

import static dev.backprop.data.RealDataChecks.labelCounts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backprop.testing.TestFolders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real CIFAR-10 subset under {@code $BACKPROP_DATA/cifar10/cifar-10-batches-bin} (training records
 * 0..3999 in data_batch_1.bin, test records 0..999), against values measured with NumPy. Skipped when
 * {@code BACKPROP_DATA} is unset, except under CI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CifarRealDataTest {

    private static final int G = 1024;
    private static final int B = 2048;

    /** Read on first use, so that each test is skipped (with the reason) on its own when the data is absent. */
    private LabeledImages train;
    private LabeledImages test;

    private static Path folder() {
        return TestFolders.require("BACKPROP_DATA").resolve("cifar10").resolve("cifar-10-batches-bin");
    }

    private LabeledImages train() throws IOException {
        if (train == null) {
            train = CifarBinary.readFolder(folder(), true, "cifar10 train");
        }
        return train;
    }

    private LabeledImages test() throws IOException {
        if (test == null) {
            test = CifarBinary.readFolder(folder(), false, "cifar10 test");
        }
        return test;
    }

    @Test
    void countsShapeAndClassNames() throws IOException {
        assertEquals(4000, train().count());
        assertEquals(1000, test().count());
        assertEquals(ImageShape.CIFAR, train().shape());
        assertEquals(CifarBinary.CIFAR10_CLASSES, train().classNames());
        assertEquals(CifarBinary.CIFAR10_CLASSES, CifarBinary.readClassNames(folder().resolve("batches.meta.txt")));
    }

    @Test
    void labelCountsAndFirstLabels() throws IOException {
        assertArrayEquals(new int[] {396, 366, 420, 384, 422, 393, 414, 385, 407, 413}, labelCounts(train()));
        assertArrayEquals(new int[] {103, 89, 100, 103, 90, 86, 112, 102, 106, 109}, labelCounts(test()));
        // The official order: training image 0 is a frog, test image 0 a cat.
        assertArrayEquals(new int[] {6, 9, 9, 4, 1, 1, 2, 7, 8, 3}, Arrays.copyOf(train().labels(), 10));
        assertArrayEquals(new int[] {3, 8, 8, 0, 6, 6, 1, 6, 3, 1}, Arrays.copyOf(test().labels(), 10));
        assertEquals(4, train().label(3999));
        assertEquals(8, test().label(999));
    }

    @Test
    void knownPixelsPerPlane() throws IOException {
        // Image 0: top-left and bottom-right pixel in the R, G and B planes.
        assertArrayEquals(new int[] {59, 62, 63, 123, 92, 72}, rgbCorners(train(), 0));
        assertArrayEquals(new int[] {158, 112, 49, 21, 67, 110}, rgbCorners(test(), 0));
        int[] firstRedRow = new int[8];
        for (int x = 0; x < 8; x++) {
            firstRedRow[x] = train().pixel(0, x);
        }
        assertArrayEquals(new int[] {59, 43, 50, 68, 98, 119, 139, 145}, firstRedRow);
        assertEquals(118, train().pixel(1, G + 5 * 32 + 7));
        assertEquals(57, train().pixel(3999, B + 31 * 32 + 31));
        assertEquals(131, test().pixel(999, B + 31 * 32 + 31));
    }

    @Test
    void pixelSums() throws IOException {
        assertEquals(1481085868L, sum(train().pixels()));
        assertEquals(374560331L, sum(test().pixels()));
    }

    private static int[] rgbCorners(LabeledImages set, int image) {
        int last = 31 * 32 + 31;
        return new int[] {set.pixel(image, 0), set.pixel(image, G), set.pixel(image, B), set.pixel(image, last),
                set.pixel(image, G + last), set.pixel(image, B + last)};
    }

    private static long sum(byte[] pixels) {
        long s = 0;
        for (byte p : pixels) {
            s += p & 0xFF;
        }
        return s;
    }
}
