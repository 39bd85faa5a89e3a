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

    /**
     * Float32 logits take their own exponential (Float32Math.exp); against the float64 kernel on
     * the same values the loss agrees to float64 rounding and the gradient to float32's. Shapes
     * cover one row, rows spanning several scratch chunks, and more classes than a chunk holds.
     */
    @Test
    void float32LossMatchesTheFloat64KernelOnTheSameValues() {
        int[][] shapes = {{1, 10}, {32, 10}, {333, 10}, {3, 1500}, {7, 1}};
        for (int[] shape : shapes) {
            int rows = shape[0], classes = shape[1];
            dev.backprop.random.Rng rng = dev.backprop.random.Rng.seeded(rows * 31L + classes);
            Matrix z32 = Matrix.zeros(DType.FLOAT32, rows, classes);
            for (int i = 0; i < z32.size(); i++) {
                z32.setFlat(i, rng.nextUniform(-40, 40));
            }
            Matrix z64 = Matrix.zeros(DType.FLOAT64, rows, classes);
            for (int i = 0; i < z32.size(); i++) {
                z64.setFlat(i, z32.getFlat(i));
            }
            int[] labels = new int[rows + 3];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = rng.nextInt(classes);
            }
            Matrix g32 = z32.zerosLike(), g64 = z64.zerosLike();
            double loss32 = LossKernels.softmaxCrossEntropy(z32, labels, 3, g32, 1.0 / rows);
            double loss64 = LossKernels.softmaxCrossEntropy(z64, labels, 3, g64, 1.0 / rows);
            String what = rows + "x" + classes;
            assertEquals(loss64, loss32, 1e-13 * Math.max(1, Math.abs(loss64)), what + " loss");
            for (int i = 0; i < g32.size(); i++) {
                // A true class near probability 1 gives p - 1 with cancellation in both kernels: the
                // float64 one computes p = e^(z - logsumexp), off by up to ulp(logsumexp) (7e-15
                // here), so a few float64 ulps of p are allowed on top of float32's rounding.
                float expected = (float) g64.getFlat(i);
                assertEquals(expected, (float) g32.getFlat(i), Math.ulp(expected) + 2e-14 / rows,
                        what + " gradient " + i);
            }
            assertEquals(Double.doubleToRawLongBits(loss32), Double.doubleToRawLongBits(
                    LossKernels.softmaxCrossEntropy(z32, labels, 3, null, 1.0 / rows)), what + " loss without a gradient");
        }
    }

    /**
     * Rows computed a vector lane each give the bits of rows computed one by one: losses, their
     * row-order sum and gradients, for class counts around the lane path's limit, row counts that
     * leave rows over, huge and infinite logits, and rows in a view at an offset.
     */
    @Test
    void float32RowsInVectorLanesGiveTheBitsOfRowsOneByOne() {
        int[] classCounts = {1, 2, 10, 17, 64, 65};
        int[] rowCounts = {1, 7, 8, 9, 32, 41};
        for (int classes : classCounts) {
            for (int rows : rowCounts) {
                dev.backprop.random.Rng rng = dev.backprop.random.Rng.seeded(rows * 131L + classes);
                Matrix whole = Matrix.zeros(DType.FLOAT32, rows + 2, classes);
                for (int i = 0; i < whole.size(); i++) {
                    whole.setFlat(i, rng.nextUniform(-60, 60));
                }
                if (rows > 3) {
                    whole.set(2, 0, 3e38);
                    whole.set(3, classes - 1, Double.NEGATIVE_INFINITY);
                }
                FloatMatrix logits = (FloatMatrix) whole.rows(2, rows + 2);
                int[] labels = new int[rows + 4];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = rng.nextInt(classes);
                }
                for (boolean withGradient : new boolean[] {true, false}) {
                    FloatMatrix lanes = withGradient ? (FloatMatrix) logits.zerosLike() : null;
                    FloatMatrix oneByOne = withGradient ? (FloatMatrix) logits.zerosLike() : null;
                    double[] lanesLosses = new double[rows], oneByOneLosses = new double[rows];
                    double a = SoftmaxCrossEntropyFloat.rows(logits, labels, 4, lanes, 1.0 / rows, 0, rows, lanesLosses);
                    double b = SoftmaxCrossEntropyFloat.rowByRow(logits, labels, 4, oneByOne, 1.0 / rows, 0, rows,
                            oneByOneLosses, 0.0);
                    String what = rows + "x" + classes + (withGradient ? "" : " without gradient");
                    assertEquals(Double.doubleToRawLongBits(b), Double.doubleToRawLongBits(a), what + " loss");
                    for (int r = 0; r < rows; r++) {
                        assertEquals(Double.doubleToRawLongBits(oneByOneLosses[r]),
                                Double.doubleToRawLongBits(lanesLosses[r]), what + " row " + r);
                    }
                    if (withGradient) {
                        for (int i = 0; i < oneByOne.size(); i++) {
                            assertEquals(Float.floatToRawIntBits((float) oneByOne.getFlat(i)),
                                    Float.floatToRawIntBits((float) lanes.getFlat(i)), what + " gradient " + i);
                        }
                    }
                }
            }
        }
    }

    /** A NaN logit anywhere in a row, or a row of -∞, makes that row's loss and gradient NaN, and no other's. */
    @Test
    void float32NaNStaysInItsRow() {
        for (int at = 0; at < 3; at++) {
            Matrix z = Matrix.from(DType.FLOAT32, new double[] {1, 2, 3, 0.5, -0.5, 0, 4, 5, 6}, 3, 3);
            z.set(1, at, Double.NaN);
            Matrix g = z.zerosLike();
            double[] each = new double[3];
            LossKernels.softmaxCrossEntropyRows(z, new int[] {0, 1, 2}, 0, g, 1.0, 0, 3, each);
            assertTrue(Double.isNaN(each[1]), "NaN at column " + at);
            assertTrue(Double.isFinite(each[0]) && Double.isFinite(each[2]));
            for (int j = 0; j < 3; j++) {
                assertTrue(Double.isNaN(g.get(1, j)), "gradient (1, " + j + ")");
                assertTrue(Double.isFinite(g.get(0, j)) && Double.isFinite(g.get(2, j)));
            }
        }
        Matrix allMinusInf = Matrix.from(DType.FLOAT32, new double[] {Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY}, 1, 2);
        assertTrue(Double.isNaN(LossKernels.softmaxCrossEntropy(allMinusInf, new int[] {0}, 0, null, 1.0)));
    }

    /** Row losses are added from zero in row order, one chunk of rows after another. */
    @Test
    void float32LossIsTheRowOrderSumOfItsRows() {
        int rows = 250, classes = 10;
        dev.backprop.random.Rng rng = dev.backprop.random.Rng.seeded(5);
        Matrix z = Matrix.zeros(DType.FLOAT32, rows, classes);
        for (int i = 0; i < z.size(); i++) {
            z.setFlat(i, rng.nextUniform(-5, 5));
        }
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = rng.nextInt(classes);
        }
        double[] each = new double[rows];
        double whole = LossKernels.softmaxCrossEntropyRows(z, labels, 0, null, 1.0, 0, rows, each);
        double sum = 0.0;
        for (int i = 0; i < rows; i++) {
            assertEquals(Double.doubleToRawLongBits(each[i]), Double.doubleToRawLongBits(
                    LossKernels.softmaxCrossEntropyRows(z, labels, 0, null, 1.0, i, i + 1, null)), "row " + i);
            sum += each[i];
        }
        assertEquals(Double.doubleToRawLongBits(sum), Double.doubleToRawLongBits(whole));
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
