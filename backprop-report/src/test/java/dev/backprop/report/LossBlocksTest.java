package dev.backprop.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossBlocksTest {

    @Test
    void blockMeansAndClippedSpreadAtTheMiddleStep() {
        double[] loss = {1, 3, 1, 3, 10, 10, 10, 10, 5};
        LossBlocks b = LossBlocks.of(loss, 4, 1000);
        assertEquals(4, b.window());
        assertArrayEquals(new double[] {2.5, 6.5}, b.step(), "the short last block is dropped");
        assertArrayEquals(new double[] {2, 10}, b.mean());
        assertArrayEquals(new double[] {1, 10}, b.low());
        assertArrayEquals(new double[] {3, 10}, b.high());
    }

    @Test
    void theBandNeverLeavesTheObservedValues() {
        double[] loss = {0, 0, 0, 9};
        LossBlocks b = LossBlocks.of(loss, 4, 1000);
        // mean 2.25, sd 3.9: mean - sd would be negative.
        assertEquals(0, b.low()[0]);
        assertTrue(b.high()[0] <= 9);
    }

    @Test
    void nonFiniteValuesAreSkippedAndEmptyBlocksLeaveNoPoint() {
        double[] loss = {Double.NaN, 2, Double.POSITIVE_INFINITY, 4, Double.NaN, Double.NaN, 6, 6};
        LossBlocks b = LossBlocks.of(loss, 2, 1000);
        assertArrayEquals(new double[] {2, 4, 6}, b.mean());
        assertArrayEquals(new double[] {1.5, 3.5, 7.5}, b.step());
    }

    @Test
    void longRunsGetWiderBlocksAndShortOnesStillAPoint() {
        LossBlocks wide = LossBlocks.of(new double[50_000], 10, 1000);
        assertEquals(50, wide.window());
        assertEquals(1000, wide.size());
        assertEquals(1, LossBlocks.of(new double[] {1, 2, 3}, 10, 1000).size());
    }

    @Test
    void robustTopIgnoresAFewHugeValues() {
        double[] v = new double[50];
        Arrays.fill(v, 1);
        v[10] = 2;
        v[0] = 1e5;
        assertEquals(2, Stats.robustTop(v), 1e-12, "a doubling is no gross outlier");
        double[] twoHuge = {1.0, 1.1, 0.9, 1.05, 0.95, 1.0, 1.0, 1.02, 0.98, 1.0, 1.01, 0.99, 1.0, 1.0, 1.03, 0.97,
            1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
            1.0, 1.0, 1.0, 1e6, 1e5};
        assertEquals(1.1, Stats.robustTop(twoHuge), 1e-12, "both outliers go");
        double top5 = Stats.robustTop(new double[] {0.3, 0.31, 0.32, 0.5, 2.3});
        assertTrue(top5 > 2, "the real start of a short run stays: " + top5);
        assertEquals(0, Stats.robustTop(new double[] {0, 0, 0}));
        double[] decay = new double[1000];
        for (int i = 0; i < decay.length; i++) {
            decay[i] = 0.3 + 2 * Math.exp(-i / 50.0);
        }
        double top = Stats.robustTop(decay);
        assertTrue(top > 1.5 && top < 2.3, "a genuine steep start keeps most of its height: " + top);
    }
}
