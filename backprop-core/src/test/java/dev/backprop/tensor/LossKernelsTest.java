package dev.backprop.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossKernelsTest {

    @Test
    void softmaxCrossEntropyKnownAnswer() {
        Matrix z = Matrix.of(new double[][] {{1, 2, 3}});
        Matrix g = z.zerosLike();
        double loss = LossKernels.softmaxCrossEntropy(z, new int[] {0}, 0, g, 1.0);
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertEquals(lse - 1, loss, 1e-15);
        assertEquals(Math.exp(1 - lse) - 1, g.get(0, 0), 1e-15);
        assertEquals(Math.exp(3 - lse), g.get(0, 2), 1e-15);
    }

    @Test
    void softmaxCrossEntropyIsStableForHugeLogits() {
        for (DType dtype : DType.values()) {
            Matrix z = Matrix.from(dtype, new double[] {1000, -1000, 0, -1000, 1000, 1000}, 2, 3);
            Matrix g = z.zerosLike();
            double loss = LossKernels.softmaxCrossEntropy(z, new int[] {1, 0}, 0, g, 0.5);
            // row 0: true class at -1000 vs 1000 → loss 2000; row 1: true class tied with another at 1000 → 2000 + log 2
            assertEquals(2000 + 2000 + Math.log(2), loss, 1e-9);
            for (int i = 0; i < g.size(); i++) {
                assertTrue(Double.isFinite(g.getFlat(i)), "gradient entry " + i + " is " + g.getFlat(i));
            }
            assertEquals(-0.5, g.get(0, 1), 1e-12);
            assertEquals(0.5, g.get(0, 0), 1e-12);
        }
    }

    @Test
    void binaryCrossEntropyIsStableForHugeLogits() {
        Matrix z = Matrix.of(new double[][] {{1000}, {-1000}, {0}, {1000}});
        Matrix g = z.zerosLike();
        double loss = LossKernels.sigmoidBinaryCrossEntropy(z, new int[] {1, 0, 1, 0}, 0, g, 1.0);
        assertEquals(Math.log(2) + 1000, loss, 1e-12);
        assertEquals(0.0, g.get(0, 0));
        assertEquals(0.0, g.get(1, 0));
        assertEquals(-0.5, g.get(2, 0));
        assertEquals(1.0, g.get(3, 0));
    }

    @Test
    void squaredErrorOneHotMatchesDenseTargets() {
        Matrix o = Matrix.of(new double[][] {{0.2, 0.7}, {0.9, -0.1}});
        Matrix t = Matrix.of(new double[][] {{0, 1}, {1, 0}});
        Matrix g1 = o.zerosLike();
        Matrix g2 = o.zerosLike();
        double a = LossKernels.squaredError(o, t, g1, 0.25);
        double b = LossKernels.squaredErrorOneHot(o, new int[] {1, 0}, 0, g2, 0.25);
        assertEquals(0.04 + 0.09 + 0.01 + 0.01, a, 1e-15);
        assertEquals(a, b, 0);
        for (int i = 0; i < 4; i++) {
            assertEquals(g1.getFlat(i), g2.getFlat(i), 0);
        }
        assertEquals(0.25 * 2 * 0.2, g1.get(0, 0), 1e-16);
    }

    /** A batch large enough to be split over threads gives the same loss and gradient bits. */
    @Test
    void splittingTheRowsOverThreadsChangesNoBit() {
        for (DType dtype : DType.values()) {
            int rows = 301, classes = 10;
            dev.backprop.random.Rng rng = dev.backprop.random.Rng.seeded(21);
            Matrix logits = Matrix.zeros(dtype, rows, classes);
            for (int i = 0; i < logits.size(); i++) {
                logits.setFlat(i, rng.nextUniform(-30, 30));
            }
            int[] labels = new int[rows + 5];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = rng.nextInt(classes);
            }
            Matrix serialGrad = logits.zerosLike(), splitGrad = logits.zerosLike();
            double serial = LossKernels.softmaxCrossEntropy(logits, labels, 5, serialGrad, 1.0 / rows);
            try (Compute two = Compute.threads(2); Compute three = Compute.threads(3)) {
                for (Compute compute : new Compute[] {two, three}) {
                    double split = LossKernels.softmaxCrossEntropy(logits, labels, 5, splitGrad, 1.0 / rows, compute);
                    assertEquals(Double.doubleToRawLongBits(serial), Double.doubleToRawLongBits(split), dtype + " loss");
                    for (int i = 0; i < serialGrad.size(); i++) {
                        assertEquals(Double.doubleToRawLongBits(serialGrad.getFlat(i)),
                                Double.doubleToRawLongBits(splitGrad.getFlat(i)), dtype + " gradient " + i);
                    }
                    assertEquals(Double.doubleToRawLongBits(serial), Double.doubleToRawLongBits(
                            LossKernels.softmaxCrossEntropy(logits, labels, 5, null, 1.0 / rows, compute)),
                            dtype + " loss without a gradient");
                }
            }
        }
    }
}
