/**
 * Reproducible speed measurements: the named training workloads W1–W7 timed epoch by epoch on
 * synthetic data ({@link dev.backprop.bench.EpochBenchmark}), and matrix-product throughput
 * ({@link dev.backprop.bench.GemmBenchmark}). The {@code backprop bench} command and the JMH
 * benchmarks both run these; every result names the JDK and kernel path it ran on.
 */
package dev.backprop.bench;
