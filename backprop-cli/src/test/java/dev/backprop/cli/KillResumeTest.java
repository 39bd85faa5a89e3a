package dev.backprop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backprop.io.NpyArray;
import dev.backprop.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code backprop train} in a child JVM, killed with SIGKILL ({@link Process#destroyForcibly()}) at
 * seeded random moments (one very early, one while a checkpoint is being written), then started
 * again until it finishes, ends with exactly the model, checkpoint and history of an uninterrupted
 * run of the same command.
 */
class KillResumeTest {

    @TempDir
    Path dir;

    /**
     * 600 images in batches of 20 (30 steps an epoch, shuffled), a validation and checkpoint every 5
     * steps, momentum (optimiser state) and early stopping that never fires (best weights in the
     * checkpoint, restored at the end).
     */
    private static final List<String> MOMENTUM = List.of("train", "--hidden", "64", "--activation", "relu", "--init",
            "he_normal", "--lr", "0.05", "--momentum", "0.9", "--train-first", "600", "--validation-first", "200",
            "--batch-size", "20", "--epochs", "3", "--validations-per-epoch", "6", "--early-stopping", "validation_loss",
            "--patience", "100", "--seed", "11");

    /**
     * The other paths: float64, Adam (two moments and a step count), a learning rate decaying every
     * epoch, and cs231n-style batches sampled with replacement (100 iterations, 25 an epoch, a
     * checkpoint every 5), which a resumed run must redraw exactly.
     */
    private static final List<String> ADAM_SAMPLED = List.of("train", "--hidden", "32", "--activation", "tanh", "--init",
            "xavier_uniform", "--optimizer", "adam", "--lr", "0.002", "--lr-decay", "0.7", "--lr-decay-every", "1",
            "--dtype", "float64", "--iterations", "100", "--iterations-per-epoch", "25", "--train-first", "600",
            "--validation-first", "200", "--batch-size", "20", "--validations-per-epoch", "5", "--seed", "12");

    private static final long CHILD_TIMEOUT_SECONDS = 120;
    private static final String CHECKPOINT = "checkpoint.safetensors";

    private int launches;
    private final List<String> log = new ArrayList<>();

    private List<String> command = MOMENTUM;

    private Process start(Path output) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--add-modules", "jdk.incubator.vector", "-cp", classPath, Backprop.class.getName()));
        cmd.addAll(command);
        cmd.addAll(List.of("--output", output.toString()));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child-" + (++launches) + ".log").toFile());
        builder.environment().put("BACKPROP_CACHE", dir.resolve("cache").toString());
        return builder.start();
    }

    /** Waits for a child that is not killed; fails with its output unless it exits 0. */
    private void finish(Process p) throws Exception {
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("child " + launches + " did not finish in " + CHILD_TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            fail("child " + launches + " exited " + p.exitValue() + ":\n"
                    + Files.readString(dir.resolve("child-" + launches + ".log")));
        }
    }

    /** A condition polled while a child runs. */
    @FunctionalInterface
    private interface Event {
        boolean happened() throws IOException;
    }

    /**
     * Polls {@code event} every 50 µs and SIGKILLs {@code p} once it happens; returns false if the
     * child finished first (it must then have succeeded).
     */
    private boolean killWhen(Process p, Event event) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (event.happened()) {
                p.destroyForcibly().waitFor();
                return true;
            }
            if (!p.isAlive()) {
                finish(p);
                return false;
            }
            LockSupport.parkNanos(50_000);
        }
        p.destroyForcibly().waitFor();
        fail("child " + launches + " did not finish in " + CHILD_TIMEOUT_SECONDS + " s");
        return false;
    }

    private static List<Path> checkpointTemporaries(Path output) throws IOException {
        if (!Files.isDirectory(output)) {
            return List.of();
        }
        try (var s = Files.list(output)) {
            return s.filter(f -> f.getFileName().toString().startsWith("." + CHECKPOINT + ".")).toList();
        }
    }

    /**
     * True as soon as a temporary checkpoint file (not one in {@code old}) is seen after this launch
     * completed {@code n} checkpoints: a write is under way. Later writes are quick once the JIT has
     * compiled the writer, so the poll may miss some; it then catches a later one.
     */
    private static Event checkpointWriteBegins(Path output, List<Path> old, int n) throws IOException {
        Event completed = afterCheckpoints(output, n, 0);
        boolean[] armed = {n == 0};
        return () -> {
            if (!armed[0]) {
                armed[0] = completed.happened();
                return false;
            }
            for (Path t : checkpointTemporaries(output)) {
                if (!old.contains(t)) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * True {@code millis} after this launch completed its {@code n}th checkpoint, seen as a change
     * of the file's identity and modification time (each checkpoint replaces the file; inode
     * numbers alone repeat, as the file system reuses the one just freed). Two checkpoints between
     * polls count as one.
     */
    private static Event afterCheckpoints(Path output, int n, long millis) throws IOException {
        Path file = output.resolve(CHECKPOINT);
        Object[] last = {version(file)};
        int[] changes = {0};
        long[] reached = {0};
        return () -> {
            if (reached[0] == 0) {
                Object now = version(file);
                if (now != null && !now.equals(last[0])) {
                    last[0] = now;
                    changes[0]++;
                }
                if (changes[0] >= n) {
                    reached[0] = System.nanoTime();
                }
            }
            return reached[0] != 0 && System.nanoTime() - reached[0] >= millis * 1_000_000;
        };
    }

    /** The file's identity and modification time, or null when there is none. */
    private static Object version(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime());
        } catch (NoSuchFileException none) {
            return null;
        }
    }

    /**
     * After a kill, whatever is on disk is complete: the checkpoint and model, if there, pass their
     * checksums. Returns the checkpoint's step, or -1.
     */
    private static long assertNothingHalfWritten(Path output) throws IOException {
        if (Files.exists(output.resolve("model.safetensors"))) {
            SafeTensors.read(output.resolve("model.safetensors")).requireChecksum();
        }
        Path f = output.resolve(CHECKPOINT);
        if (!Files.exists(f)) {
            return -1;
        }
        String state = SafeTensors.read(f).requireChecksum().metadata().get("backprop.checkpoint");
        return new ObjectMapper().readTree(state).path("step").asLong();
    }

    /** Counts of one schedule. */
    private record Outcome(int kills, int midWrite, int launches) {
    }

    /**
     * Runs the command into {@code output}, killing it {@code kills} times: first within 150 ms of
     * its start; then during a checkpoint write after its 1st or 2nd checkpoint (up to 3 tries until
     * a kill leaves the write's temporary file behind, proof it was cut mid-write, with the previous
     * checkpoint in place); then each time 0 to 150 ms after its 1st to 8th checkpoint (a
     * checkpoint comes every 5 steps, so anywhere in a step, a validation or a write). Once a launch
     * finishes before its kill, the run is complete and later kills come 0 to 1.5 s after the start.
     * Then once more to the end.
     */
    private Outcome killAndResume(Path output, long seed, int kills) throws Exception {
        Random random = new Random(seed);
        int landed = 0;
        int midWrite = 0;
        int writeTries = 0;
        int startLaunches = launches;
        boolean complete = false;
        while (landed < kills) {
            if (launches - startLaunches >= 3 * kills) {
                fail("too many launches for " + kills + " kills:\n  " + String.join("\n  ", log));
            }
            List<Path> old = checkpointTemporaries(output);
            Process p = start(output);
            long t0 = System.nanoTime();
            String how;
            Event event;
            boolean atWrite = false;
            if (landed == 0 || complete) {
                long ms = random.nextInt(complete ? 1500 : 150);
                how = ms + " ms after the start" + (complete ? " (the run was complete)" : "");
                event = () -> System.nanoTime() - t0 >= ms * 1_000_000;
            } else if (midWrite == 0 && writeTries < 3) {
                writeTries++;
                int n = 1 + random.nextInt(2);
                how = "during a checkpoint write after checkpoint " + n + " of this launch";
                event = checkpointWriteBegins(output, old, n);
                atWrite = true;
            } else {
                int n = 1 + random.nextInt(8);
                long ms = random.nextInt(150);
                how = ms + " ms after checkpoint " + n + " of this launch";
                event = afterCheckpoints(output, n, ms);
            }
            if (killWhen(p, event)) {
                landed++;
                List<Path> left = new ArrayList<>(checkpointTemporaries(output));
                left.removeAll(old);
                boolean cut = !left.isEmpty();   // a temporary file this launch made is still there
                if (cut && atWrite) {
                    midWrite++;
                }
                long step = assertNothingHalfWritten(output);
                log.add(String.format("seed %d, launch %d: killed %s%s; checkpoint on disk: %s", seed, launches, how,
                        cut ? " (the write was cut short)" : "", step < 0 ? "none" : "step " + step));
            } else {
                complete = true;
                log.add(String.format("seed %d, launch %d: finished before being killed %s", seed, launches, how));
            }
        }
        finish(start(output));
        assertEquals(List.of(), checkpointTemporaries(output), "leftovers of killed writes are cleaned up");
        return new Outcome(landed, midWrite, launches - startLaunches);
    }

    @Test
    void killedAndResumedRunsEndBitIdenticalToAnUninterruptedRun() throws Exception {
        int kills = 0;
        int midWrite = 0;
        int schedules = 0;
        List<String> durations = new ArrayList<>();
        // Three kill schedules of the momentum run, one of the Adam run: 3 kills each.
        for (var c : List.of(Map.entry(MOMENTUM, new long[] {1, 2, 3}), Map.entry(ADAM_SAMPLED, new long[] {4}))) {
            command = c.getKey();
            Path reference = dir.resolve("reference-" + c.getValue()[0]);
            long t0 = System.nanoTime();
            finish(start(reference));
            durations.add((System.nanoTime() - t0) / 1_000_000 + " ms");
            for (long seed : c.getValue()) {
                Path output = dir.resolve("killed-" + seed);
                Outcome o = killAndResume(output, seed, 3);
                kills += o.kills();
                midWrite += o.midWrite();
                schedules++;
                assertSameRun(reference, output);
            }
        }
        String summary = String.format("%d kill schedules, %d kills (%d cut a checkpoint write), %d launches;"
                + " uninterrupted runs took %s%n  %s", schedules, kills, midWrite, launches, String.join(" and ", durations),
                String.join("\n  ", log));
        System.out.println("KillResumeTest: " + summary);
        assertTrue(kills >= 12, summary);
        assertTrue(midWrite >= 1, "at least one kill must land in the middle of a checkpoint write:\n" + summary);
    }

    /** Model, checkpoint and history tensors bit for bit; history files identical but for wall times. */
    private static void assertSameRun(Path expected, Path actual) throws IOException {
        for (String name : new String[] {"model.safetensors", CHECKPOINT}) {
            Map<String, NpyArray> want = SafeTensors.read(expected.resolve(name)).requireChecksum().tensors();
            Map<String, NpyArray> got = SafeTensors.read(actual.resolve(name)).requireChecksum().tensors();
            assertEquals(want.keySet(), got.keySet(), name);
            for (String tensor : want.keySet()) {
                assertEquals(want.get(tensor), got.get(tensor), name + " " + tensor + " differs in " + actual);
            }
        }
        assertEquals(Files.readString(expected.resolve("steps.csv")), Files.readString(actual.resolve("steps.csv")));
        assertEquals(withoutWallTime(expected.resolve("validations.csv")), withoutWallTime(actual.resolve("validations.csv")));
        ObjectMapper json = new ObjectMapper();
        assertEquals(withoutWallTime(json.readTree(expected.resolve("history.json").toFile())),
                withoutWallTime(json.readTree(actual.resolve("history.json").toFile())));
    }

    private static List<String> withoutWallTime(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int wall = List.of(lines.get(0).split(",")).indexOf("wall_seconds");
        assertTrue(wall >= 0, lines.get(0));
        return lines.stream().map(l -> {
            String[] cells = l.split(",", -1);
            cells[wall] = "";
            return String.join(",", cells);
        }).collect(Collectors.toList());
    }

    private static JsonNode withoutWallTime(JsonNode history) {
        for (JsonNode v : history.path("validations")) {
            ((ObjectNode) v).remove("wall_seconds");
        }
        return history;
    }
}
