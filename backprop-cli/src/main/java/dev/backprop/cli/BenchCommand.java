package dev.backprop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.backprop.bench.EpochBenchmark;
import dev.backprop.bench.EpochTimings;
import dev.backprop.bench.GemmBenchmark;
import dev.backprop.bench.RuntimeInfo;
import dev.backprop.bench.Workload;
import dev.backprop.tensor.Compute;
import dev.backprop.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code backprop bench}: seconds per epoch of the named workloads, or matrix-product GFLOP/s. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time training epochs of a named workload on synthetic data (median of several epochs after"
                + " a warm-up), or with --gemm the matrix-product throughput. Prints the JDK and kernel path it ran"
                + " on.", "",
            "Workloads (float32, softmax cross-entropy, 10 classes):",
            "  W1  784-64-10 sigmoid, SGD, batch 32           W5  3072-100-10 ReLU, SGD, batch 200",
            "  W2  W1 with improved sigmoid and momentum      W6  784-128-10 ReLU, momentum, batch 128",
            "  W3  784-(64x10)-10 ReLU, momentum, batch 32    W7  784-1024-1024-10 ReLU, SGD, batch 1024",
            "  W4  W1 at batch 512"},
        footer = {"", "Examples:", "  backprop bench --workload W1 --threads 2",
            "  backprop bench --workload all --epochs 3 --json", "  backprop bench --gemm --threads 2",
            "", "scripts/bench-vs-pytorch.py runs the same workloads in PyTorch beside these."})
final class BenchCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--workload", defaultValue = "W1", paramLabel = "NAME",
            description = "W1 to W7, or 'all'. Default: ${DEFAULT-VALUE}.")
    String workload;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the matrix products. Default: the number of processors.")
    Integer threads;

    @Option(names = "--epochs", defaultValue = "5", paramLabel = "N", description = "Timed epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "N",
            description = "Untimed epochs first, for the JIT compiler: on two cores it compiles the Vector API code of a small workload over the first four or five epochs (W1: 1.6, 0.2, 0.15, 0.1, 0.08 s, then steady). Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--samples", paramLabel = "N", description = "Examples per epoch. Default: the workload's (60,000; W5 50,000).")
    Integer samples;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of data, weights and shuffles.")
    long seed;

    @Option(names = "--gemm", description = "Measure C = A·B in GFLOP/s (float32 and float64) instead of epochs.")
    boolean gemm;

    @Option(names = "--shape", paramLabel = "MxNxK", split = ",",
            description = "With --gemm: product shapes. Default: 32x64x784, 512x64x784, 1024x1024x784, 2048x2048x2048.")
    List<String> shapes;

    @Option(names = "--json", description = "Print one JSON object on standard output instead of text.")
    boolean json;

    BenchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1 || threadCount > 256) {
            throw new CliException(ExitCodes.USAGE, "--threads must be between 1 and 256, got " + threadCount, null);
        }
        if (epochs < 1 || warmup < 0) {
            throw new CliException(ExitCodes.USAGE, "--epochs must be at least 1 and --warmup at least 0, got "
                    + epochs + " and " + warmup, null);
        }
        RuntimeInfo runtime = RuntimeInfo.current();
        if (!json) {
            context.out().printf(Locale.ROOT, "JDK %s; kernels: %s; %d processors; %d thread%s%n", runtime.jdk(),
                    runtime.kernels(), runtime.processors(), threadCount, threadCount == 1 ? "" : "s");
        }
        return gemm ? gemm(threadCount, runtime) : epochs(threadCount, runtime);
    }

    private int epochs(int threadCount, RuntimeInfo runtime) throws Exception {
        List<Workload> selected = new ArrayList<>();
        if (workload.equalsIgnoreCase("all")) {
            selected.addAll(Arrays.asList(Workload.values()));
        } else {
            try {
                selected.add(Workload.parse(workload));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, "--workload: " + e.getMessage(), null);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        if (!json) {
            context.out().printf(Locale.ROOT, "%-4s %-48s %10s %12s %9s %11s%n", "", "workload", "s/epoch", "samples/s",
                    "GFLOP/s", "bytes/step");
        }
        for (Workload w : selected) {
            int n = samples == null ? w.samples() : samples;
            if (n < w.batchSize()) {
                throw new CliException(ExitCodes.USAGE, "--samples must be at least the batch size " + w.batchSize()
                        + " of " + w + ", got " + n, null);
            }
            EpochTimings t;
            try (EpochBenchmark bench = new EpochBenchmark(w, threadCount, n, seed)) {
                t = bench.run(warmup, epochs, e -> context.err().printf(Locale.ROOT, "\r%s: %s epoch %d/%d   ", w,
                        e < 0 ? "warm-up" : "timed", Math.abs(e), e < 0 ? warmup : epochs));
                context.err().print("\r" + " ".repeat(40) + "\r");
                if (!Double.isFinite(bench.lastLoss())) {
                    throw new CliException(ExitCodes.UNEXPECTED, w + ": the training loss became " + bench.lastLoss(),
                            "this is a bug: please report it with the command line");
                }
            }
            rows.add(row(t));
            if (!json) {
                context.out().printf(Locale.ROOT, "%-4s %-48s %10.4f %12.0f %9.1f %11.0f%n", w, w.description(),
                        t.medianSeconds(), t.samplesPerSecond(), t.gflops(), t.allocatedBytesPerStep());
            }
        }
        if (json) {
            printJson(rows.size() == 1 ? rows.get(0) : Map.of("workloads", rows));
        }
        return ExitCodes.OK;
    }

    private static Map<String, Object> row(EpochTimings t) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("workload", t.workload().name());
        row.put("description", t.workload().description());
        row.put("jdk", t.runtime().jdk());
        row.put("kernels", t.runtime().kernels());
        row.put("threads", t.threads());
        row.put("dtype", "float32");
        row.put("batch", t.workload().batchSize());
        row.put("samples_per_epoch", t.samples());
        row.put("epoch_seconds", t.epochSeconds());
        row.put("median_seconds", t.medianSeconds());
        row.put("samples_per_second", t.samplesPerSecond());
        row.put("gflops", t.gflops());
        row.put("allocated_bytes_per_step", t.allocatedBytesPerStep());
        return row;
    }

    private int gemm(int threadCount, RuntimeInfo runtime) throws Exception {
        List<GemmBenchmark.Shape> selected = shapes == null ? GemmBenchmark.STANDARD_SHAPES
                : shapes.stream().map(BenchCommand::parseShape).toList();
        List<Map<String, Object>> results = new ArrayList<>();
        if (!json) {
            context.out().printf(Locale.ROOT, "%-16s %-8s %9s%n", "shape (MxNxK)", "dtype", "GFLOP/s");
        }
        try (Compute compute = Compute.threads(threadCount)) {
            for (DType dtype : DType.values()) {
                for (GemmBenchmark.Shape s : selected) {
                    double gflops = GemmBenchmark.measure(dtype, s.m(), s.n(), s.k(), compute);
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("dtype", dtype.label());
                    r.put("m", s.m());
                    r.put("n", s.n());
                    r.put("k", s.k());
                    r.put("gflops", gflops);
                    results.add(r);
                    if (!json) {
                        context.out().printf(Locale.ROOT, "%-16s %-8s %9.1f%n", s, dtype.label(), gflops);
                    }
                }
            }
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("jdk", runtime.jdk());
            out.put("kernels", runtime.kernels());
            out.put("threads", threadCount);
            out.put("results", results);
            printJson(out);
        }
        return ExitCodes.OK;
    }

    private static GemmBenchmark.Shape parseShape(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 3) {
                int m = Integer.parseInt(parts[0]), n = Integer.parseInt(parts[1]), k = Integer.parseInt(parts[2]);
                if (m > 0 && n > 0 && k > 0 && (long) m * k <= Integer.MAX_VALUE && (long) k * n <= Integer.MAX_VALUE
                        && (long) m * n <= Integer.MAX_VALUE) {
                    return new GemmBenchmark.Shape(m, n, k);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CliException(ExitCodes.USAGE, "--shape: expected MxNxK with positive sizes, e.g. 2048x2048x2048, got '"
                + text + "'", null);
    }

    private void printJson(Object value) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        context.out().println(mapper.writeValueAsString(value));
    }
}
