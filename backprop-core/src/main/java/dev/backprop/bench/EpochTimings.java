package dev.backprop.bench;

import java.util.Arrays;

/**
 * Timed epochs of one workload: seconds per epoch for each timed epoch, their median, the
 * throughput that median gives, and the bytes the training thread allocated over the timed steps
 * (zero in a healthy build: a training step allocates nothing).
 */
public record EpochTimings(Workload workload, int threads, int samples, double[] epochSeconds,
                           long allocatedBytes, long steps, RuntimeInfo runtime) {

    public EpochTimings {
        if (epochSeconds.length == 0) {
            throw new IllegalArgumentException("no timed epochs");
        }
        epochSeconds = epochSeconds.clone();
    }

    @Override
    public double[] epochSeconds() {
        return epochSeconds.clone();
    }

    /** The median seconds per epoch (the mean of the middle two for an even count). */
    public double medianSeconds() {
        double[] s = epochSeconds.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Examples per second at the median epoch time. */
    public double samplesPerSecond() {
        return samples / medianSeconds();
    }

    /** Bytes allocated by the training thread per timed step. */
    public double allocatedBytesPerStep() {
        return steps == 0 ? 0 : (double) allocatedBytes / steps;
    }

    /** Matrix-product GFLOP/s at the median epoch time (see {@link Workload#flopsPerEpoch()}). */
    public double gflops() {
        return workload.flopsPerEpoch() * samples / workload.samples() / medianSeconds() / 1e9;
    }
}
