package dev.backprop.fuzz;

import com.sun.management.ThreadMXBean;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A small property-based fuzzing harness on plain JUnit Jupiter: for each of {@code tries} inputs
 * (each from its own seed, so any one reproduces alone) it runs a reader in a worker thread with a
 * time limit and an allocation budget, and classifies the outcome as accepted (the result passed its
 * consistency check), refused (one of the documented exceptions, with a message naming the input),
 * or unexpected (anything else: another exception type, an {@link Error} such as
 * {@link OutOfMemoryError}, a hang, an allocation far beyond the input's size, an inconsistent
 * result). Unexpected inputs are saved under {@code target/fuzz-failures/} and fail the test after
 * the run, so the counts are always complete.
 *
 * <p>Tries default to the caller's CI size; {@code -Dfuzz.tries=N} changes every reader's count
 * (what {@code scripts/fuzz.sh N} does), {@code -Dfuzz.seed=S} replays a run. One summary line per
 * reader is printed and appended to {@code target/fuzz-summary.txt}.
 */
public final class Fuzz {

    /** Where an input came from, for the summary's breakdown. */
    public enum Kind { RANDOM, MUTATED, GENERATED }

    /** One input: its bytes (or text as UTF-8), what it is, and how it was made. */
    public record Input(Kind kind, String description, byte[] bytes) {
    }

    /** Makes the input of one try from its random source. */
    @FunctionalInterface
    public interface Generator {
        Input next(SplittableRandom random);
    }

    /** Reads one input; returns normally when the reader accepted it and the result is consistent. */
    @FunctionalInterface
    public interface Reader {
        /**
         * @param input the input
         * @param source the name the input is given to the reader under (a file path or stream
         *     name); a refusal's message must contain it
         * @throws Throwable whatever the reader throws
         */
        void read(Input input, String source) throws Throwable;
    }

    /** How a failed consistency check of an accepted result is reported. */
    public static final class Inconsistent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Inconsistent(String message) {
            super(message);
        }
    }

    private static final long TIMEOUT_SECONDS = Long.getLong("fuzz.timeout", 20);

    private final String reader;
    private final int tries;
    /** The seed of a run that names none (CI). */
    static final long DEFAULT_SEED = 0x0BAC_C0DE_2026L;

    private final long seed;
    private final List<Class<? extends Throwable>> documented = new ArrayList<>();
    private long allocationBase = 32L << 20;
    private long allocationPerByte = 64;
    private Path scratch;

    private Fuzz(String reader, int tries, long seed) {
        this.reader = reader;
        this.tries = tries;
        this.seed = seed;
    }

    /**
     * A run over {@code reader} with {@code ciTries} tries unless {@code -Dfuzz.tries} says otherwise.
     *
     * @param reader the reader's short name, e.g. {@code idx}
     */
    public static Fuzz of(String reader, int ciTries) {
        int tries = Integer.getInteger("fuzz.tries", ciTries);
        // A fixed default keeps CI reproducible; scripts/fuzz.sh draws a fresh seed for every long run.
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        return new Fuzz(reader, tries, seed);
    }

    /** Exception types that count as a documented refusal. */
    @SafeVarargs
    public final Fuzz refusals(Class<? extends Throwable>... types) {
        documented.addAll(List.of(types));
        return this;
    }

    /** The allocation budget per input: {@code base + perByte × input length} bytes. */
    public Fuzz allocationBudget(long base, long perByte) {
        this.allocationBase = base;
        this.allocationPerByte = perByte;
        return this;
    }

    /** A folder where the reader may write the input as a file (named in the source). */
    public Fuzz scratch(Path dir) {
        this.scratch = dir;
        return this;
    }

    /** The scratch folder. */
    public Path scratch() {
        return scratch;
    }

    /** The seed of try {@code i}: any single try can be replayed from it. */
    private long seedOf(int i) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (i + 1))).nextLong();
    }

    /** Counts of one finished run. */
    public record Result(int tries, Map<String, Integer> refused, int accepted, List<String> unexpected,
                         Map<Kind, Integer> kinds, double seconds, long seed) {
        /** Refused inputs in all. */
        public int refusedCount() {
            return refused.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * Runs the tries and fails if any outcome was unexpected; prints and records the summary line.
     *
     * @param generator makes each input
     * @param read      reads it and checks an accepted result
     * @return the counts
     */
    public Result run(Generator generator, Reader read) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        ExecutorService worker = newWorker();
        Map<String, Integer> refused = new TreeMap<>();
        Map<Kind, Integer> kinds = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        Map<String, Integer> unexpectedKinds = new TreeMap<>();
        int accepted = 0;
        long start = System.nanoTime();
        try {
            for (int i = 0; i < tries; i++) {
                long trySeed = seedOf(i);
                Input input = generator.next(new SplittableRandom(trySeed));
                kinds.merge(input.kind(), 1, Integer::sum);
                String source = scratch != null ? scratch.resolve("fuzz-" + reader + "-input").toString() : "fuzz-" + reader + "-input";
                long budget = allocationBase + allocationPerByte * input.bytes().length;
                Future<Throwable[]> future = worker.submit(() -> {
                    long before = threads.getCurrentThreadAllocatedBytes();
                    Throwable thrown = null;
                    try {
                        read.read(input, source);
                    } catch (Throwable t) {
                        thrown = t;
                    }
                    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                    Throwable tooMuch = allocated > budget ? new Inconsistent("allocated " + allocated + " bytes for a "
                            + input.bytes().length + "-byte input (budget " + budget + ")") : null;
                    return new Throwable[] {thrown, tooMuch};
                });
                Throwable problem;
                Throwable thrown = null;
                try {
                    Throwable[] outcome = future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    thrown = outcome[0];
                    problem = outcome[1];
                } catch (TimeoutException e) {
                    future.cancel(true);
                    worker.shutdownNow();
                    worker = newWorker();
                    problem = new Inconsistent("no result after " + TIMEOUT_SECONDS + " s (a hang?)");
                } catch (Exception e) {
                    problem = e;
                }
                String verdict = null;
                if (problem == null && thrown != null) {
                    if (isDocumented(thrown)) {
                        String message = String.valueOf(thrown.getMessage());
                        if (!message.contains(source)) {
                            verdict = "a " + thrown.getClass().getSimpleName() + " whose message does not name "
                                    + source + ": " + message;
                        } else {
                            refused.merge(thrown.getClass().getSimpleName(), 1, Integer::sum);
                            continue;
                        }
                    } else {
                        verdict = describe(thrown);
                    }
                } else if (problem != null) {
                    verdict = describe(problem) + (thrown == null ? "" : " (after " + describe(thrown) + ")");
                }
                if (verdict == null) {
                    accepted++;
                    continue;
                }
                Throwable cause = problem != null ? problem : thrown;
                StackTraceElement[] trace = cause == null ? new StackTraceElement[0] : cause.getStackTrace();
                unexpectedKinds.merge((cause == null ? "?" : cause.getClass().getSimpleName())
                        + (trace.length > 0 ? " at " + trace[0].getClassName().replaceAll(".*\\.", "") + "."
                        + trace[0].getMethodName() + ":" + trace[0].getLineNumber() : ""), 1, Integer::sum);
                Path saved = save(input, trySeed);
                unexpected.add(String.format(Locale.ROOT, "try %d (%s, seed 0x%016x, saved as %s): %s%s", i,
                        input.description(), trySeed, saved, verdict, thrown != null && problem == null
                                ? "\n" + stackTop(thrown) : ""));
            }
        } finally {
            worker.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Result result = new Result(tries, refused, accepted, unexpected, kinds, seconds, seed);
        report(result);
        if (!unexpected.isEmpty()) {
            fail("fuzz " + reader + ": " + unexpected.size() + " of " + tries + " inputs gave an unexpected outcome "
                    + "(replay with -Dfuzz.seed=" + seed + "); by kind: " + unexpectedKinds + "; the first:\n"
                    + String.join("\n", unexpected.subList(0,
                    Math.min(5, unexpected.size()))));
        }
        return result;
    }

    private boolean isDocumented(Throwable t) {
        for (Class<? extends Throwable> c : documented) {
            if (c.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    private static String describe(Throwable t) {
        return t.getClass().getName() + ": " + t.getMessage();
    }

    private static String stackTop(Throwable t) {
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < Math.min(8, trace.length); i++) {
            sb.append("    at ").append(trace[i]).append('\n');
        }
        return sb.toString();
    }

    private Path save(Input input, long trySeed) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
            return Files.write(dir.resolve(String.format(Locale.ROOT, "%s-%016x.bin", reader, trySeed)), input.bytes());
        } catch (IOException e) {
            return Path.of("(not saved: " + e.getMessage() + ")");
        }
    }

    private void report(Result r) {
        StringBuilder refusedText = new StringBuilder();
        r.refused().forEach((type, n) -> refusedText.append(refusedText.length() == 0 ? "" : ", ").append(n).append(' ')
                .append(type));
        StringBuilder kindText = new StringBuilder();
        r.kinds().forEach((k, n) -> kindText.append(kindText.length() == 0 ? "" : ", ").append(n).append(' ')
                .append(k.name().toLowerCase(Locale.ROOT)));
        String line = String.format(Locale.ROOT, "fuzz %s: %d inputs (%s), %d refused%s, %d accepted, %d unexpected;"
                        + " %.1f s, seed %d", reader, r.tries(), kindText, r.refusedCount(),
                refusedText.length() == 0 ? "" : " (" + refusedText + ")", r.accepted(), r.unexpected().size(),
                r.seconds(), r.seed());
        System.out.println(line);
        try {
            Path summary = Path.of(System.getProperty("fuzz.summary", "target/fuzz-summary.txt"));
            if (summary.getParent() != null) {
                Files.createDirectories(summary.getParent());
            }
            Files.writeString(summary, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Something to measure. */
    @FunctionalInterface
    public interface Action {
        void run() throws Throwable;
    }

    /** What an action threw (null if nothing), how many bytes this thread allocated meanwhile, and how long it took. */
    public record Measured(Throwable thrown, long allocatedBytes, double seconds) {
    }

    /**
     * Runs {@code action} on this thread and measures its allocation with the JVM's per-thread counter;
     * run it once before measuring so class loading does not count.
     */
    public static Measured measure(Action action) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long before = threads.getCurrentThreadAllocatedBytes();
        Throwable thrown = null;
        try {
            action.run();
        } catch (Throwable t) {
            thrown = t;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        return new Measured(thrown, allocated, (System.nanoTime() - start) / 1e9);
    }

    /** Fails the try with {@code message} unless {@code condition} holds; for consistency checks. */
    public static void check(boolean condition, String message) {
        if (!condition) {
            throw new Inconsistent(message);
        }
    }

    /** Picks a generator by weight: {@code weights[i]} for {@code generators[i]}. */
    public static Generator mix(int[] weights, Generator... generators) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int sum = total;
        return random -> {
            int pick = random.nextInt(sum);
            for (int i = 0; i < generators.length; i++) {
                pick -= weights[i];
                if (pick < 0) {
                    return generators[i].next(random);
                }
            }
            throw new AssertionError();
        };
    }
}
