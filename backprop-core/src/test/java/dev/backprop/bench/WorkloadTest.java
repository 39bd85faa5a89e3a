package dev.backprop.bench;

import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark workloads: their shapes, their arithmetic, and a timed run that trains. */
class WorkloadTest {

    @Test
    void w1IsTdt4265sNetworkAndCountsItsFlops() {
        Workload w1 = Workload.W1;
        assertArrayEquals(new int[] {784, 64, 10}, w1.sizes());
        assertEquals(32, w1.batchSize());
        // forward 784·64 + 64·10, weight gradients the same, input gradient of layer 2: 64·10
        double macs = 2 * (784 * 64 + 64 * 10) + 64 * 10;
        assertEquals(2 * macs * 60_000, w1.flopsPerEpoch());
        assertEquals(50_240 + 650, w1.network(DType.FLOAT32, Rng.seeded(1)).parameterCount());
        assertEquals(11, Workload.W3.sizes().length - 1, "ten hidden layers and the output");
        assertEquals(50_000, Workload.W5.samples());
    }

    @Test
    void namesParseAndUnknownNamesListTheChoices() {
        assertEquals(Workload.W7, Workload.parse(" w7 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.parse("W0"));
        assertTrue(e.getMessage().contains("W1, W2, W3, W4, W5, W6, W7"), e.getMessage());
    }

    @Test
    void aTimedRunTrainsAndReportsItsRuntime() {
        try (EpochBenchmark bench = new EpochBenchmark(Workload.W6, 2, 512, 1)) {
            int[] seen = new int[1];
            EpochTimings t = bench.run(1, 3, e -> seen[0]++);
            assertEquals(4, seen[0], "one call per epoch, warm-up included");
            assertEquals(3, t.epochSeconds().length);
            assertTrue(t.medianSeconds() > 0 && Double.isFinite(bench.lastLoss()));
            assertEquals(512 / t.medianSeconds(), t.samplesPerSecond(), 1e-9 * t.samplesPerSecond());
            assertEquals(System.getProperty("java.version"), t.runtime().jdk().split(" ")[0]);
            assertEquals(12, t.steps(), "four batches of 128 per epoch");
        }
        assertThrows(IllegalArgumentException.class, () -> new EpochBenchmark(Workload.W4, 1, 100, 1));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        EpochTimings t = new EpochTimings(Workload.W1, 1, 100, new double[] {4, 1, 3, 2}, 0, 4, RuntimeInfo.current());
        assertEquals(2.5, t.medianSeconds());
    }
}
