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
 * The real Fashion-MNIST files under {@code $BACKPROP_DATA/fashion-mnist}: balanced classes,
 * checksums, and values measured with NumPy. Skipped when {@code BACKPROP_DATA} is unset, except under CI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FashionMnistRealDataTest {

    /** Read on first use, so that each test is skipped (with the reason) on its own when the data is absent. */
    private LabeledImages train;
    private LabeledImages test;

    private static Path folder() {
        return TestFolders.require("BACKPROP_DATA").resolve("fashion-mnist");
    }

    private LabeledImages train() throws IOException {
        if (train == null) {
            train = MnistFormat.read(folder().resolve("train-images-idx3-ubyte.gz"), folder().resolve("train-labels-idx1-ubyte.gz"),
                    "fashion-mnist train", MnistFormat.FASHION_MNIST_CLASSES);
        }
        return train;
    }

    private LabeledImages test() throws IOException {
        if (test == null) {
            test = MnistFormat.read(folder().resolve("t10k-images-idx3-ubyte.gz"), folder().resolve("t10k-labels-idx1-ubyte.gz"),
                    "fashion-mnist test", MnistFormat.FASHION_MNIST_CLASSES);
        }
        return test;
    }

    @Test
    void balancedClasses() throws IOException {
        assertEquals(ImageShape.MNIST, train().shape());
        int[] sixThousand = new int[10];
        Arrays.fill(sixThousand, 6000);
        int[] oneThousand = new int[10];
        Arrays.fill(oneThousand, 1000);
        assertArrayEquals(sixThousand, labelCounts(train()));
        assertArrayEquals(oneThousand, labelCounts(test()));
    }

    @Test
    void firstLabelsAndPixelStatistics() throws IOException {
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, Arrays.copyOf(train().labels(), 10));
        assertEquals("Ankle boot", train().classNames().get(train().label(0)));
        assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, Arrays.copyOf(test().labels(), 10));
        double[] stats = meanAndStd(train().pixels(), 60000 * 784);
        assertEquals(72.9403522321, stats[0], 1e-7);
        assertEquals(90.0211823513, stats[1], 1e-7);
    }

    @Test
    void decompressedFilesHaveThePublishedChecksums() throws IOException {
        assertEquals("f4a8712d7a061bf5bd6d2ca38dc4d50a", md5OfGunzipped(folder().resolve("train-images-idx3-ubyte.gz")));
        assertEquals("9018921c3c673c538a1fc5bad174d6f9", md5OfGunzipped(folder().resolve("train-labels-idx1-ubyte.gz")));
        assertEquals("8181f5470baa50b63fa0f6fddb340f0a", md5OfGunzipped(folder().resolve("t10k-images-idx3-ubyte.gz")));
        assertEquals("15d484375f8d13e6eb1aabb0c3f46965", md5OfGunzipped(folder().resolve("t10k-labels-idx1-ubyte.gz")));
    }

    @Test
    void readerKeepsEveryByte() throws IOException {
        assertEquals("f4a8712d7a061bf5bd6d2ca38dc4d50a", md5OfIdx(new int[] {60000, 28, 28}, train().pixels()));
        assertEquals("9018921c3c673c538a1fc5bad174d6f9", md5OfIdx(new int[] {60000}, labelBytes(train().labels())));
        assertEquals("8181f5470baa50b63fa0f6fddb340f0a", md5OfIdx(new int[] {10000, 28, 28}, test().pixels()));
        assertEquals("15d484375f8d13e6eb1aabb0c3f46965", md5OfIdx(new int[] {10000}, labelBytes(test().labels())));
    }
}
