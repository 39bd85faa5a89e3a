package dev.backprop.data;

import static dev.backprop.data.RealDataChecks.labelBytes;
import static dev.backprop.data.RealDataChecks.labelCounts;
import static dev.backprop.data.RealDataChecks.md5OfGunzipped;
import static dev.backprop.data.RealDataChecks.md5OfIdx;
import static dev.backprop.data.RealDataChecks.meanAndStd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backprop.testing.TestFolders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real MNIST files under {@code $BACKPROP_DATA/mnist}, checked against the facts in the data
 * folder's README (counts, checksums, pixel statistics). Skipped when {@code BACKPROP_DATA} is unset,
 * except under CI. Each set is read once per class (one test instance for all tests).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MnistRealDataTest {

    /** Read on first use, so that each test is skipped (with the reason) on its own when the data is absent. */
    private LabeledImages train;
    private LabeledImages test;

    private static Path mnist() {
        return TestFolders.require("BACKPROP_DATA").resolve("mnist");
    }

    private LabeledImages train() throws IOException {
        if (train == null) {
            train = MnistFormat.read(mnist().resolve("train-images-idx3-ubyte.gz"), mnist().resolve("train-labels-idx1-ubyte.gz"),
                    "mnist train", MnistFormat.MNIST_CLASSES);
        }
        return train;
    }

    private LabeledImages test() throws IOException {
        if (test == null) {
            test = MnistFormat.read(mnist().resolve("t10k-images-idx3-ubyte.gz"), mnist().resolve("t10k-labels-idx1-ubyte.gz"),
                    "mnist test", MnistFormat.MNIST_CLASSES);
        }
        return test;
    }

    @Test
    void countsAndShapes() throws IOException {
        assertEquals(60000, train().count());
        assertEquals(10000, test().count());
        assertEquals(ImageShape.MNIST, train().shape());
        assertEquals(ImageShape.MNIST, test().shape());
    }

    @Test
    void labelCountsPerDigit() throws IOException {
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, labelCounts(train()));
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, labelCounts(test()));
    }

    @Test
    void firstLabelsAndAKnownRowOfTheFirstImage() throws IOException {
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, Arrays.copyOf(train().labels(), 10));
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(test().labels(), 10));
        // Row 14 of training image 0 (a 5), columns 13..18, measured with NumPy.
        int[] row = new int[6];
        for (int c = 0; c < 6; c++) {
            row[c] = train().pixel(0, 14 * 28 + 13 + c);
        }
        assertArrayEquals(new int[] {81, 240, 253, 253, 119, 25}, row);
    }

    @Test
    void decompressedFilesHaveThePublishedChecksums() throws IOException {
        assertEquals("6bbc9ace898e44ae57da46a324031adb", md5OfGunzipped(mnist().resolve("train-images-idx3-ubyte.gz")));
        assertEquals("a25bea736e30d166cdddb491f175f624", md5OfGunzipped(mnist().resolve("train-labels-idx1-ubyte.gz")));
        assertEquals("2646ac647ad5339dbf082846283269ea", md5OfGunzipped(mnist().resolve("t10k-images-idx3-ubyte.gz")));
        assertEquals("27ae3e4e09519cfbb04c329615203637", md5OfGunzipped(mnist().resolve("t10k-labels-idx1-ubyte.gz")));
    }

    @Test
    void readerKeepsEveryByte() throws IOException {
        assertEquals("6bbc9ace898e44ae57da46a324031adb", md5OfIdx(new int[] {60000, 28, 28}, train().pixels()));
        assertEquals("a25bea736e30d166cdddb491f175f624", md5OfIdx(new int[] {60000}, labelBytes(train().labels())));
        assertEquals("2646ac647ad5339dbf082846283269ea", md5OfIdx(new int[] {10000, 28, 28}, test().pixels()));
        assertEquals("27ae3e4e09519cfbb04c329615203637", md5OfIdx(new int[] {10000}, labelBytes(test().labels())));
    }

    @Test
    void trainingPixelStatistics() throws IOException {
        double[] all = meanAndStd(train().pixels(), 60000 * 784);
        assertEquals(33.3184, all[0], 1e-3);
        assertEquals(78.5675, all[1], 1e-3);
        // Exact values from NumPy (float64 mean and std of the uint8 pixels).
        assertEquals(33.3184214498, all[0], 1e-7);
        assertEquals(78.5674899834, all[1], 1e-7);

        double[] first20000 = meanAndStd(train().pixels(), 20000 * 784);
        assertEquals(33.55, first20000[0], 0.01);
        assertEquals(78.88, first20000[1], 0.01);
        assertEquals(33.5527455357, first20000[0], 1e-4);
        assertEquals(78.8755007078, first20000[1], 1e-4);
    }
}
