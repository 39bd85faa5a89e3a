package dev.backprop.jmh;

import dev.backprop.bench.EpochBenchmark;
import dev.backprop.bench.EpochTimings;
import dev.backprop.bench.Workload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One shuffled epoch of a workload on 6,000 synthetic examples (a tenth of the standard epoch, so a
 * JMH iteration stays short); {@code backprop bench} times the full epochs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainingStepBenchmarks {

    @Param({"W1", "W2", "W4", "W6"})
    public Workload workload;

    @Param({"1", "2"})
    public int threads;

    private EpochBenchmark bench;

    @Setup(Level.Trial)
    public void setUp() {
        System.out.println("# " + dev.backprop.bench.RuntimeInfo.current());
        bench = new EpochBenchmark(workload, threads, 6_000, 42);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bench.close();
    }

    @Benchmark
    public EpochTimings tenthOfAnEpoch() {
        return bench.run(0, 1);
    }
}
