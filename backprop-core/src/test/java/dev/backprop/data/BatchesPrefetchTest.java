package dev.backprop.data;

import dev.backprop.random.Rng;
import dev.backprop.tensor.Compute;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Batches on two threads prefetch the next shuffled batch; whatever order the batches are asked for
 * in, and however the epoch mode changes, they are the batches one thread gives.
 */
class BatchesPrefetchTest {

    private static Dataset dataset(int n, int features) {
        Matrix x = Matrix.zeros(DType.FLOAT32, n, features);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int j = 0; j < features; j++) {
                x.set(i, j, i * 1000 + j);
            }
        }
        return new Dataset("numbers", x, labels, 0, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    private static void assertSameBatch(Batches.Batch expected, Batches.Batch actual, String where) {
        assertEquals(expected.size(), actual.size(), where);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.labels()[expected.labelOffset() + i], actual.labels()[actual.labelOffset() + i],
                    where + ", label " + i);
            for (int j = 0; j < expected.features().cols(); j++) {
                assertEquals(expected.features().get(i, j), actual.features().get(i, j), where + ", row " + i);
            }
        }
    }

    @Test
    void prefetchedEpochsGiveTheBatchesOfOneThread() {
        Dataset data = dataset(1003, 70);   // a last, smaller batch of 11
        Batches serial = new Batches(data, 32, false);
        Batches parallel = new Batches(data, 32, false);
        try (Compute two = Compute.threads(2)) {
            parallel.useCompute(two);
            for (int epoch = 0; epoch < 4; epoch++) {
                if (epoch == 2) {
                    serial.inOrder();
                    parallel.inOrder();
                } else {
                    serial.shuffle(Rng.seeded(epoch));
                    parallel.shuffle(Rng.seeded(epoch));
                }
                for (int b = 0; b < serial.count(); b++) {
                    assertSameBatch(serial.get(b), parallel.get(b), "epoch " + epoch + ", batch " + b);
                }
            }
        }
    }

    @Test
    void batchesAskedForOutOfOrderOrTwiceAreStillRight() {
        Dataset data = dataset(300, 20);
        Batches serial = new Batches(data, 25, true);
        Batches parallel = new Batches(data, 25, true);
        try (Compute two = Compute.threads(2)) {
            parallel.useCompute(two);
            serial.shuffle(Rng.seeded(9));
            parallel.shuffle(Rng.seeded(9));
            int[] asked = {3, 4, 4, 0, 11, 5, 6, 2, 1, 10};
            for (int b : asked) {
                assertSameBatch(serial.get(b), parallel.get(b), "batch " + b);
            }
            // Reshuffling while batch 7 is being prefetched does not leave its rows behind.
            parallel.get(6);
            serial.shuffle(Rng.seeded(10));
            parallel.shuffle(Rng.seeded(10));
            for (int b = 0; b < serial.count(); b++) {
                assertSameBatch(serial.get(b), parallel.get(b), "after the reshuffle, batch " + b);
            }
        }
    }

    @Test
    void sampledBatchesAndASwitchOfComputeMidEpochAgree() {
        Dataset data = dataset(200, 8);
        Batches serial = new Batches(data, 16, false);
        Batches parallel = new Batches(data, 16, false);
        try (Compute two = Compute.threads(2); Compute three = Compute.threads(3)) {
            parallel.useCompute(two);
            serial.shuffle(Rng.seeded(1));
            parallel.shuffle(Rng.seeded(1));
            for (int b = 0; b < 5; b++) {
                assertSameBatch(serial.get(b), parallel.get(b), "batch " + b);
            }
            parallel.useCompute(three);   // batch 5 was being prefetched on the other context
            for (int b = 5; b < serial.count(); b++) {
                assertSameBatch(serial.get(b), parallel.get(b), "batch " + b + " on three threads");
            }
            serial.sampleWithReplacement(Rng.seeded(2));
            parallel.sampleWithReplacement(Rng.seeded(2));
            for (int b = 0; b < 6; b++) {
                assertSameBatch(serial.get(b), parallel.get(b), "sampled batch " + b);
            }
        }
    }
}
